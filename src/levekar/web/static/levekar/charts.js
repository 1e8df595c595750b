// Draw every <div data-vega-spec="id-of-json-script"> with vega-embed.
//
// Under the Content-Security-Policy (no 'unsafe-eval', no inline styles) Vega must not
// compile expressions with new Function(): the expression interpreter evaluates them
// instead (ast: true), and the <style> elements vega-embed and vega-tooltip would add
// are left out (their rules are in site.css).
import { expressionInterpreter } from "vega-interpreter";

function draw() {
  document.querySelectorAll("[data-vega-spec]").forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.dataset.vegaSpec).textContent);
    window.vegaEmbed(el, spec, {
      actions: false, renderer: "svg", ast: true, expr: expressionInterpreter,
      defaultStyle: false, tooltip: {disableDefaultStyle: true},
    }).catch(function () {
      el.textContent = el.dataset.vegaError || "Diagrammet kunne ikke vises.";
    });
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", draw);
} else {
  draw();
}

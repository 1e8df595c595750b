// A local OpenID Connect provider configured like ID-porten's test environment.
//
// It is the npm package `oidc-provider` (a certified implementation), not a fake: the
// authorization code flow with PKCE (S256, required), state and nonce, the `pid` claim,
// `acr` values idporten-loa-substantial / idporten-loa-high, `private_key_jwt` client
// authentication and RP-initiated logout with front-channel logout of every client in the
// session (ID-porten's single logout). Its login page asks for one thing, the
// fødselsnummer, like ID-porten's test login ("TestID").
//
// Configuration (environment):
//   IDP_ISSUER   the issuer URL, e.g. http://127.0.0.1:9090 (its port is the listening port)
//   IDP_CLIENTS  JSON array of client metadata (client_id, redirect_uris, jwks, ...)
//   IDP_MAX_ACR  optional: the highest level this provider gives (a MinID-like login
//                gives only idporten-loa-substantial)
//   IDP_STAFF    optional JSON {"client_id": "...", "accounts": {"<username>": {given_name,
//                family_name, email, groups: [...]}}}: the municipality's staff login. For
//                that client the login page asks for a username (Brukernavn) instead, and
//                the ID token carries preferred_username, name, email and groups. An
//                account logs in with a second factor (amr ["pwd","mfa"], acr "loa-2")
//                unless it says "mfa": false (amr ["pwd"], acr "loa-1").
// It prints "IDP READY <issuer>" on stdout when it listens.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { URL } from 'node:url';

import Provider from 'oidc-provider';

const ACR_SUBSTANTIAL = 'idporten-loa-substantial';
const ACR_HIGH = 'idporten-loa-high';
const LEVELS = [ACR_SUBSTANTIAL, ACR_HIGH];
// The staff login's levels (a test convention): password only, or with a second factor.
const STAFF_ACR_PWD = 'loa-1';
const STAFF_ACR_MFA = 'loa-2';

const issuer = process.env.IDP_ISSUER || 'http://127.0.0.1:9090';
const clients = JSON.parse(process.env.IDP_CLIENTS || '[]');
const maxAcr = process.env.IDP_MAX_ACR || ACR_HIGH;
const staff = JSON.parse(process.env.IDP_STAFF || '{}');
const staffAccounts = staff.accounts || {};
const isStaffClient = (clientId) => Boolean(staff.client_id) && clientId === staff.client_id;
if (!LEVELS.includes(maxAcr)) {
  console.error(`IDP_MAX_ACR må være en av ${LEVELS.join(', ')}`);
  process.exit(2);
}

// Signing keys live for the life of the process, as in a test environment.
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256',
  kid: crypto.randomBytes(8).toString('hex') };

// Synthetic identities are accepted as in ID-porten's test environment: 11 digits with
// valid check digits (the day/month may be synthetic: month + 80, or +40 for D-numbers).
function checkDigitsOk(pid) {
  if (!/^\d{11}$/.test(pid)) return false;
  const d = pid.split('').map(Number);
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const k = (w, n) => {
    const r = 11 - (w.reduce((s, x, i) => s + x * d[i], 0) % 11);
    return r === 11 ? 0 : r;
  };
  const k1 = k(w1, 9);
  const k2 = k(w2, 10);
  return k1 !== 10 && k2 !== 10 && k1 === d[9] && k2 === d[10];
}

function grantedAcr(params) {
  const asked = String(params.acr_values || ACR_SUBSTANTIAL).split(' ');
  const wanted = asked.includes(ACR_HIGH) ? ACR_HIGH : ACR_SUBSTANTIAL;
  return LEVELS.indexOf(wanted) <= LEVELS.indexOf(maxAcr) ? wanted : maxAcr;
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f6;color:#1e2b3c}
header{background:#1e2b3c;color:#fff;padding:1rem}main{max-width:28rem;margin:2rem auto;
background:#fff;padding:1.5rem;border-radius:4px}label{display:block;font-weight:600;
margin-bottom:.25rem}input{font-size:1.1rem;padding:.5rem;width:100%;box-sizing:border-box;
border:2px solid #68707c;border-radius:4px}button{margin-top:1rem;font-size:1.1rem;
padding:.6rem 1.2rem;background:#0062ba;color:#fff;border:0;border-radius:4px}
.error{color:#c30000;font-weight:600}
</style></head><body><header>ID-porten (testmiljø)</header><main>${body}</main></body></html>`;
}

function staffLoginPage(uid, error) {
  return page('Logg inn – kommunens innlogging (testmiljø)', `
<h1>Kommunens innlogging</h1>
<p>Testinnlogging for ansatte. Andre faktor regnes som gitt i testmiljøet, unntatt for
kontoer uten to-trinns innlogging.</p>
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
${error ? `<p class="error" id="feil" role="alert">${esc(error)}</p>` : ''}
<label for="username">Brukernavn</label>
<input id="username" name="username" autocomplete="username" required
  ${error ? 'aria-invalid="true" aria-describedby="feil"' : ''}>
<button type="submit">Logg inn</button>
</form>`);
}

function loginPage(uid, error) {
  return page('Logg inn – ID-porten testmiljø', `
<h1>TestID</h1>
<p>Testinnlogging med syntetisk fødselsnummer.</p>
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
${error ? `<p class="error" id="feil" role="alert">${esc(error)}</p>` : ''}
<label for="pid">Fødselsnummer</label>
<input id="pid" name="pid" inputmode="numeric" autocomplete="off" required
  ${error ? 'aria-invalid="true" aria-describedby="feil"' : ''}>
<button type="submit">Logg inn</button>
</form>`);
}

const configuration = {
  clients,
  jwks: { keys: [signingKey] },
  acrValues: [...LEVELS, STAFF_ACR_PWD, STAFF_ACR_MFA],
  claims: {
    // The level and the methods of the login (the staff login's second factor) are in
    // every ID token, asked for or not.
    amr: null,
    openid: ['sub', 'pid', 'locale', 'acr', 'amr'],
    profile: ['pid', 'locale', 'groups', 'name', 'given_name', 'family_name',
      'preferred_username'],
    email: ['email'],
  },
  scopes: ['openid', 'profile', 'email'],
  pkce: { required: () => true },
  clientDefaults: {
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'private_key_jwt',
    id_token_signed_response_alg: 'RS256',
  },
  clientAuthMethods: ['private_key_jwt'],
  // ID-porten puts the claims in the ID token itself.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // Single logout: every client in the browser session is logged out through its
      // frontchannel_logout_uri (iss + sid), then the form is sent on without a question.
      async logoutSource(ctx, form) {
        const session = ctx.oidc.session;
        const frames = [];
        if (session) {
          for (const clientId of Object.keys(session.authorizations || {})) {
            const client = await ctx.oidc.provider.Client.find(clientId);
            // Extra metadata is kept under its registered (snake_case) name only.
            const uri = client && client.metadata().frontchannel_logout_uri;
            if (!uri) continue;
            const target = new URL(uri);
            target.searchParams.set('iss', issuer);
            target.searchParams.set('sid', session.sidFor(clientId));
            frames.push(`<iframe title="Utlogging" hidden src="${esc(target.href)}"></iframe>`);
          }
        }
        ctx.body = page('Logger ut', `<h1>Logger ut …</h1>${form}
${frames.join('\n')}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Logg ut</button>
<script>
  const frames = document.querySelectorAll('iframe');
  let left = frames.length;
  const go = () => { const f = document.getElementById('op.logoutForm');
    const i = document.createElement('input'); i.type = 'hidden'; i.name = 'logout';
    i.value = 'yes'; f.appendChild(i); f.submit(); };
  if (!left) go();
  frames.forEach((f) => f.addEventListener('load', () => { left -= 1; if (!left) go(); }));
  setTimeout(go, 3000);
</script>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Logget ut', '<h1>Du er logget ut</h1>');
      },
    },
  },
  extraClientMetadata: {
    properties: ['frontchannel_logout_uri'],
    validator(ctx, key, value) {
      if (key === 'frontchannel_logout_uri' && value !== undefined
          && !/^https?:\/\//.test(value)) {
        throw new Error('frontchannel_logout_uri must be a URL');
      }
    },
  },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        const person = staffAccounts[sub];
        if (person) {
          return { sub, preferred_username: sub, locale: 'nb',
            name: `${person.given_name} ${person.family_name}`,
            given_name: person.given_name, family_name: person.family_name,
            email: person.email, groups: person.groups || [] };
        }
        return { sub, pid: sub, locale: 'nb' };
      },
    };
  },
  // A first-party client: the user is not asked to consent to scopes (as in ID-porten).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const found = await ctx.oidc.provider.Grant.find(grantId);
      if (found) return found;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId, grant.jti);
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  ttl: { Session: 60 * 60, Interaction: 30 * 60, Grant: 60 * 60, IdToken: 60 * 60,
    AccessToken: 60 * 60, AuthorizationCode: 60 },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Feil', `<h1>Innloggingen feilet</h1><p>${esc(out.error)}: ${
      esc(out.error_description || '')}</p>`);
  },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;
// ID-porten always puts the session id (sid) in the ID token, for front-channel logout.
provider.Client.prototype.includeSid = () => true;
provider.on('server_error', (ctx, err) => console.error('server_error', err));

function readForm(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c) => { data += c; if (data.length > 10000) req.destroy(); });
    req.on('end', () => resolve(new URLSearchParams(data)));
    req.on('error', reject);
  });
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  const m = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
  if (!m) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (isStaffClient(details.params.client_id)) {
      if (m[2] && req.method === 'POST') {
        const form = await readForm(req);
        const username = String(form.get('username') || '').trim().toLowerCase();
        if (!Object.hasOwn(staffAccounts, username)) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(staffLoginPage(details.uid, 'Ukjent brukernavn.'));
        }
        // The municipality's provider gives the second factor (amr "mfa"), except for an
        // account set up without it (to show that Levekår checks, not trusts).
        const mfa = staffAccounts[username].mfa !== false;
        return provider.interactionFinished(req, res, {
          login: { accountId: username, amr: mfa ? ['pwd', 'mfa'] : ['pwd'],
            acr: mfa ? STAFF_ACR_MFA : STAFF_ACR_PWD, remember: false },
        }, { mergeWithLastSubmission: false });
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(staffLoginPage(details.uid));
    }
    if (m[2] && req.method === 'POST') {
      const form = await readForm(req);
      const pid = String(form.get('pid') || '').replace(/[\s-]/g, '');
      if (!checkDigitsOk(pid)) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(loginPage(details.uid, 'Ugyldig fødselsnummer. Sjekk de 11 sifrene.'));
      }
      const acr = grantedAcr(details.params);
      return provider.interactionFinished(req, res, {
        login: { accountId: pid, acr, amr: ['TestID'], remember: false },
      }, { mergeWithLastSubmission: false });
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginPage(details.uid));
  } catch (err) {
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(page('Feil', `<h1>Innloggingen feilet</h1><p>${esc(err.message)}</p>`));
  }
});

const port = Number(new URL(issuer).port || 80);
server.listen(port, '127.0.0.1', () => {
  console.log(`IDP READY ${issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

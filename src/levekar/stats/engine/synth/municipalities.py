"""Norway's municipalities (2024 numbering) with rounded, approximate populations.

Only used to size the synthetic country: the populations are rough figures (to the
nearest few hundred), not statistics, and nothing is computed from them.
"""

UNIVERSITY_TOWNS = frozenset({"0301", "4601", "5001", "1103", "5501", "4204", "1804", "3218"})

_DATA = """
0301 Oslo 717700
3101 Halden 31800|3103 Moss 50800|3105 Sarpsborg 59600|3107 Fredrikstad 85000
3110 Hvaler 4900|3112 Råde 7700|3114 Våler 6000|3116 Skiptvet 3900
3118 Indre Østfold 46500|3120 Rakkestad 8400|3122 Marker 3600|3124 Aremark 1400
3201 Bærum 131000|3203 Asker 97000|3205 Lillestrøm 93000|3207 Nordre Follo 63000
3209 Ullensaker 42000|3212 Nesodden 20000|3214 Frogn 16500|3216 Vestby 19000
3218 Ås 21500|3220 Enebakk 11300|3222 Lørenskog 48000|3224 Rælingen 19000
3226 Aurskog-Høland 17500|3228 Nes 24500|3230 Gjerdrum 7300|3232 Nittedal 25000
3234 Lunner 9300|3236 Jevnaker 7000|3238 Nannestad 15500|3240 Eidsvoll 27500
3242 Hurdal 2900
3301 Drammen 104000|3303 Kongsberg 28300|3305 Ringerike 31500|3310 Hole 7000
3312 Lier 27500|3314 Øvre Eiker 20500|3316 Modum 14200|3318 Krødsherad 2200
3320 Flå 1100|3322 Nesbyen 3300|3324 Gol 4600|3326 Hemsedal 2600|3328 Ål 4700
3330 Hol 4500|3332 Sigdal 3500|3334 Flesberg 2800|3336 Rollag 1400
3338 Nore og Uvdal 2400
3401 Kongsvinger 18000|3403 Hamar 32500|3405 Lillehammer 29000|3407 Gjøvik 30800
3411 Ringsaker 35300|3412 Løten 7700|3413 Stange 21200|3414 Nord-Odal 5000
3415 Sør-Odal 7900|3416 Eidskog 6100|3417 Grue 4500|3418 Åsnes 7200|3419 Våler 3600
3420 Elverum 21700|3421 Trysil 6500|3422 Åmot 4400|3423 Stor-Elvdal 2400
3424 Rendalen 1800|3425 Engerdal 1200|3426 Tolga 1500|3427 Tynset 5700
3428 Alvdal 2400|3429 Folldal 1500|3430 Os 1900|3431 Dovre 2500|3432 Lesja 1900
3433 Skjåk 2200|3434 Lom 2300|3435 Vågå 3500|3436 Nord-Fron 5700|3437 Sel 5700
3438 Sør-Fron 3100|3439 Ringebu 4400|3440 Øyer 5200|3441 Gausdal 6100
3442 Østre Toten 14900|3443 Vestre Toten 13500|3446 Gran 13900
3447 Søndre Land 5600|3448 Nordre Land 6600|3449 Sør-Aurdal 2900|3450 Etnedal 1300
3451 Nord-Aurdal 6400|3452 Vestre Slidre 2100|3453 Øystre Slidre 3300|3454 Vang 1600
3901 Horten 27800|3903 Holmestrand 25800|3905 Tønsberg 58000|3907 Sandefjord 65500
3909 Larvik 48000|3911 Færder 27300
4001 Porsgrunn 37300|4003 Skien 56000|4005 Notodden 13000|4010 Siljan 2300
4012 Bamble 14000|4014 Kragerø 10300|4016 Drangedal 4100|4018 Nome 6500
4020 Midt-Telemark 10700|4022 Seljord 2900|4024 Hjartdal 1600|4026 Tinn 5600
4028 Kviteseid 2400|4030 Nissedal 1500|4032 Fyresdal 1300|4034 Tokke 2200
4036 Vinje 3700
4201 Risør 6800|4202 Grimstad 24500|4203 Arendal 45900|4204 Kristiansand 116000
4205 Lindesnes 23800|4206 Farsund 9700|4207 Flekkefjord 9100|4211 Gjerstad 2400
4212 Vegårshei 2100|4213 Tvedestrand 6100|4214 Froland 6100|4215 Lillesand 11600
4216 Birkenes 5400|4217 Åmli 1800|4218 Iveland 1400|4219 Evje og Hornnes 3800
4220 Bygland 1200|4221 Valle 1200|4222 Bykle 1000|4223 Vennesla 15200
4224 Åseral 950|4225 Lyngdal 10800|4226 Hægebostad 1700|4227 Kvinesdal 6000
4228 Sirdal 1900
1101 Eigersund 15000|1103 Stavanger 148000|1106 Haugesund 38000|1108 Sandnes 83000
1111 Sokndal 3300|1112 Lund 3200|1114 Bjerkreim 2900|1119 Hå 19500|1120 Klepp 20000
1121 Time 19500|1122 Gjesdal 12100|1124 Sola 28000|1127 Randaberg 11800
1130 Strand 13000|1133 Hjelmeland 2600|1134 Suldal 3800|1135 Sauda 4500
1144 Kvitsøy 530|1145 Bokn 880|1146 Tysvær 11600|1149 Karmøy 43000|1151 Utsira 200
1160 Vindafjord 8800
4601 Bergen 291000|4602 Kinn 17200|4611 Etne 4100|4612 Sveio 5800|4613 Bømlo 12300
4614 Stord 19000|4615 Fitjar 3200|4616 Tysnes 2900|4617 Kvinnherad 13200
4618 Ullensvang 11100|4619 Eidfjord 900|4620 Ulvik 1100|4621 Voss 16000
4622 Kvam 8600|4623 Samnanger 2500|4624 Bjørnafjorden 26000|4625 Austevoll 5300
4626 Øygarden 39000|4627 Askøy 30000|4628 Vaksdal 3900|4629 Modalen 390
4630 Osterøy 8200|4631 Alver 30000|4632 Austrheim 2900|4633 Fedje 530
4634 Masfjorden 1700|4635 Gulen 2300|4636 Solund 780|4637 Hyllestad 1300
4638 Høyanger 4100|4639 Vik 2600|4640 Sogndal 12200|4641 Aurland 1800
4642 Lærdal 2200|4643 Årdal 5200|4644 Luster 5300|4645 Askvoll 3000
4646 Fjaler 2800|4647 Sunnfjord 22500|4648 Bremanger 3600|4649 Stad 9600
4650 Gloppen 5900|4651 Stryn 7200
1505 Kristiansund 24400|1506 Molde 32500|1508 Ålesund 58000|1511 Vanylven 3100
1514 Sande 2500|1515 Herøy 9000|1516 Ulstein 8700|1517 Hareid 5200|1520 Ørsta 10900
1525 Stranda 4500|1528 Sykkylven 7700|1531 Sula 10000|1532 Giske 8700
1535 Vestnes 6700|1539 Rauma 7500|1547 Aukra 3700|1554 Averøy 5800
1557 Gjemnes 2600|1560 Tingvoll 3000|1563 Sunndal 7000|1566 Surnadal 5800
1573 Smøla 2100|1576 Aure 3500|1577 Volda 10700|1578 Fjord 2500
1579 Hustadvika 13400|1580 Haram 9600
5001 Trondheim 214000|5006 Steinkjer 24200|5007 Namsos 15300|5014 Frøya 5300
5020 Osen 950|5021 Oppdal 7100|5022 Rennebu 2500|5025 Røros 5600|5026 Holtålen 2000
5027 Midtre Gauldal 6400|5028 Melhus 17000|5029 Skaun 8600|5031 Malvik 14700
5032 Selbu 4200|5033 Tydal 780|5034 Meråker 2400|5035 Stjørdal 25000|5036 Frosta 2600
5037 Levanger 20500|5038 Verdal 15100|5041 Snåsa 2000|5042 Lierne 1300
5043 Røyrvik 460|5044 Namsskogan 850|5045 Grong 2400|5046 Høylandet 1200
5047 Overhalla 3900|5049 Flatanger 1100|5052 Leka 560|5053 Inderøy 6900
5054 Indre Fosen 10100|5055 Heim 5900|5056 Hitra 5200|5057 Ørland 10500
5058 Åfjord 4300|5059 Orkland 18700|5060 Nærøysund 9800|5061 Rindal 2000
1804 Bodø 53700|1806 Narvik 21700|1811 Bindal 1400|1812 Sømna 2000|1813 Brønnøy 7900
1815 Vega 1200|1816 Vevelstad 480|1818 Herøy 1800|1820 Alstahaug 7400
1822 Leirfjord 2300|1824 Vefsn 13400|1825 Grane 1500|1826 Hattfjelldal 1300
1827 Dønna 1400|1828 Nesna 1800|1832 Hemnes 4500|1833 Rana 26500|1834 Lurøy 1800
1835 Træna 440|1836 Rødøy 1200|1837 Meløy 6300|1838 Gildeskål 2000|1839 Beiarn 1000
1840 Saltdal 4600|1841 Fauske 9800|1845 Sørfold 1900|1848 Steigen 2500
1851 Lødingen 2100|1853 Evenes 1400|1856 Røst 460|1857 Værøy 720|1859 Flakstad 1250
1860 Vestvågøy 11500|1865 Vågan 9700|1866 Hadsel 8100|1867 Bø 2500|1868 Øksnes 4500
1870 Sortland 10800|1871 Andøy 4600|1874 Moskenes 1000|1875 Hamarøy 2800
5501 Tromsø 78700|5503 Harstad 25000|5510 Kvæfjord 2800|5512 Tjeldsund 4200
5514 Ibestad 1300|5516 Gratangen 1100|5518 Lavangen 1000|5520 Bardu 4000
5522 Salangen 2200|5524 Målselv 6700|5526 Sørreisa 3500|5528 Dyrøy 1100
5530 Senja 14800|5532 Balsfjord 5600|5534 Karlsøy 2100|5536 Lyngen 2700
5538 Storfjord 1800|5540 Kåfjord 2000|5542 Skjervøy 2800|5544 Nordreisa 4800
5546 Kvænangen 1200
5601 Alta 21800|5603 Hammerfest 11300|5605 Sør-Varanger 9900|5607 Vadsø 5700
5610 Karasjok 2600|5612 Kautokeino 2900|5614 Loppa 850|5616 Hasvik 1000
5618 Måsøy 1100|5620 Nordkapp 3100|5622 Porsanger 3800|5624 Lebesby 1300
5626 Gamvik 1100|5628 Tana 2800|5630 Berlevåg 950|5632 Båtsfjord 2100|5634 Vardø 2000
5636 Nesseby 900
"""


def _parse() -> tuple[tuple[str, str, int], ...]:
    rows = []
    for line in _DATA.strip().splitlines():
        for item in line.split("|"):
            code, rest = item.strip().split(" ", 1)
            name, population = rest.rsplit(" ", 1)
            rows.append((code, name, int(population)))
    return tuple(rows)


MUNICIPALITIES: tuple[tuple[str, str, int], ...] = _parse()
"""(code, name, approximate population) for each municipality."""

#!/usr/bin/env python3
"""Writes N distinct ~10 KB weather pages shaped like an NWS MapClick page, and the URL list of the job.

Every value is derived from the page number alone, so a run's output can be checked exactly: the current
temperature of page i is expected.tsv's row i. Half the pages write the degree sign as the entity (51&deg;F),
half as UTF-8 (51°F), as real pages do. The first "<number> [°] F" on each page is the current temperature;
the 7-day tombstones and the detail table that follow hold other temperatures, as on the real page.

usage: gen_pages.py WWW_DIR PAGES URL_PREFIX FETCHES URLS_FILE
"""
import os
import random
import sys

TARGET_SIZE = 10 * 1024

HEAD = """<!DOCTYPE html>
<html class="no-js">
    <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width">
        <title>National Weather Service</title>
        <meta name="DC.title" content="National Weather Service" />
        <meta name="DC.description" content="NOAA National Weather Service National Weather Service" />
        <meta name="DC.creator" content="US Department of Commerce, NOAA, National Weather Service" />
        <meta name="robots" content="index,follow" />
        <link rel="stylesheet" href="css/bootstrap-3.2.0.min.css">
        <link rel="stylesheet" type="text/css" href="css/mapclick.css" />
        <script type="text/javascript" src="js/jquery-1.11.3.min.js"></script>
    </head>
    <body>
        <main class="container">
            <header class="row clearfix" id="page-header">
                <a href="http://www.noaa.gov" id="header-noaa" class="pull-left"><img src="images/header/noaa.png" alt="National Oceanic and Atmospheric Administration"/></a>
                <a href="http://www.weather.gov" id="header-nws" class="pull-left"><img src="images/header/nws.png" alt="National Weather Service"/></a>
            </header>
            <div class="center-content">
                <div id="quickLinks"><span class="lang-spanish"><a href="//forecast.weather.gov/MapClick.php?lat={lat}&lon={lon}&lg=sp">En Espa&ntilde;ol</a></span></div>
"""

CURRENT = """                <div id="current-conditions" class="panel panel-default">
                    <div class="panel-heading">
                        <div>
                            <b>Current conditions at</b>
                            <h2 class="panel-title">{station_name} ({station})</h2>
                            <span class="smallTxt"><b>Lat:&nbsp;</b>{lat}&deg;N<b>Lon:&nbsp;</b>{lon_abs}&deg;W<b>Elev:&nbsp;</b>{elev}ft.</span>
                        </div>
                    </div>
                    <div class="panel-body" id="current-conditions-body">
                        <div id="current_conditions-summary" class="pull-left" >
                            <img src="newimages/large/{icon}.png" alt="" class="pull-left" />
                            <p class="myforecast-current">{summary}</p>
                            <p class="myforecast-current-lrg">{temp_f}{deg}F</p>
                            <p class="myforecast-current-sm">{temp_c}{deg}C</p>
                        </div>
                        <div id="current_conditions_detail" class="pull-left">
                            <table>
                            <tr><td class="text-right"><b>Humidity</b></td><td>{humidity}%</td></tr>
                            <tr><td class="text-right"><b>Wind Speed</b></td><td>{wind_dir} {wind} MPH</td></tr>
                            <tr><td class="text-right"><b>Barometer</b></td><td>{baro} in</td></tr>
                            <tr><td class="text-right"><b>Dewpoint</b></td><td>{dew_f}{deg}F ({dew_c}{deg}C)</td></tr>
                            <tr><td class="text-right"><b>Visibility</b></td><td>10.00 mi</td></tr>
                            <tr><td class="text-right"><b>Last update</b></td><td>01 Mar 8:35 am PST</td></tr>
                            </table>
                        </div>
                    </div>
                </div>
"""

TOMBSTONE = """                        <li class="forecast-tombstone">
                            <div class="tombstone-container">
                                <p class="period-name">{period}<br><br></p>
                                <p><img src="newimages/medium/{icon}.png" alt="{period}: {text}" title="{period}: {text}" class="forecast-icon"></p>
                                <p class="short-desc">{short}</p>
                                <p class="temp temp-{kind}">{label}: {value} {deg}F</p>
                            </div>
                        </li>
"""

DETAIL = """                        <div class="row row-{parity} row-forecast"><div class="col-sm-2 forecast-label"><b>{period}</b></div><div class="col-sm-10 forecast-text">{text}</div></div>
"""

TAIL = """                    </div>
                </div>
            </div>
        </main>
    </body>
</html>
"""

PERIODS = ["Today", "Tonight", "Thursday", "Thursday Night", "Friday", "Friday Night", "Saturday",
           "Saturday Night", "Sunday", "Sunday Night", "Monday", "Monday Night", "Tuesday", "Tuesday Night"]
SKIES = [("ra", "Rain"), ("sct", "Partly Sunny"), ("ovc", "Cloudy"), ("shra", "Showers"), ("skc", "Sunny"),
         ("sn", "Snow Likely"), ("bkn", "Mostly Cloudy"), ("fg", "Patchy Fog")]
WINDS = ["N", "NNE", "NE", "E", "SE", "S", "SSW", "SW", "W", "NW", "Calm"]


def temperature(i):
    """The current temperature of page i, as written on the page: -40..120 F, every fifth one with a decimal."""
    whole = (i * 37) % 161 - 40
    return f"{whole}.{i % 10}" if i % 5 == 0 else str(whole)


def page(i):
    rnd = random.Random(i)
    deg = "&deg;" if i % 2 == 0 else "\u00b0"
    temp = temperature(i)
    temp_c = round((float(temp) - 32) * 5 / 9)
    lat, lon = 25 + (i % 230) / 10, -(70 + (i % 500) / 10)
    icon, summary = SKIES[i % len(SKIES)]
    out = [HEAD.replace("{lat}", f"{lat:.2f}").replace("{lon}", f"{lon:.2f}")]
    out.append(CURRENT.format(
        station_name=f"Station {i:04d} Regional Airport", station=f"K{i:04d}", lat=f"{lat:.2f}",
        lon_abs=f"{-lon:.2f}", elev=rnd.randint(0, 9000), icon=icon, summary=summary, temp_f=temp, deg=deg,
        temp_c=temp_c, humidity=rnd.randint(5, 100), wind_dir=rnd.choice(WINDS), wind=rnd.randint(0, 40),
        baro=f"{rnd.uniform(29.5, 30.6):.2f}", dew_f=rnd.randint(-30, 75), dew_c=rnd.randint(-34, 24)))
    out.append("""                <div id="seven-day-forecast" class="panel panel-default">
                    <div class="panel-heading"><b>Extended Forecast for</b><h2 class="panel-title">Station {0:04d}</h2></div>
                    <div class="panel-body" id="seven-day-forecast-body"><ul id="seven-day-forecast-list" class="list-unstyled">
""".format(i))
    for n, period in enumerate(PERIODS[:9]):
        t_icon, t_short = rnd.choice(SKIES)
        night = "Night" in period or period == "Tonight"
        value = rnd.randint(-30, 110)
        out.append(TOMBSTONE.format(period=period, icon=t_icon, short=t_short, deg=deg, value=value,
                                    kind="low" if night else "high", label="Low" if night else "High",
                                    text=f"{t_short}, with a {'low' if night else 'high'} near {value}."))
    out.append("""                    </ul></div>
                </div>
                <div id="detailed-forecast" class="panel panel-default">
                    <div class="panel-heading"><h2 class="panel-title">Detailed Forecast</h2></div>
                    <div class="panel-body" id="detailed-forecast-body">
""")
    body = "".join(out)
    n = 0
    while len(body.encode()) + len(TAIL) < TARGET_SIZE - 200:
        period = PERIODS[n % len(PERIODS)]
        t_short = rnd.choice(SKIES)[1]
        text = (f"{t_short}. {'Low' if n % 2 else 'High'} near {rnd.randint(-20, 100)}. "
                f"{rnd.choice(WINDS)} wind {rnd.randint(3, 9)} to {rnd.randint(10, 25)} mph, with gusts as high as "
                f"{rnd.randint(20, 45)} mph. Chance of precipitation is {rnd.randint(1, 9) * 10}%. New rainfall "
                f"amounts between a tenth and quarter of an inch possible.")
        body += DETAIL.format(parity="odd" if n % 2 else "even", period=period, text=text)
        n += 1
    return body + TAIL


def main():
    www, pages, prefix, fetches, urls_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    os.makedirs(os.path.join(www, "p"), exist_ok=True)
    with open(os.path.join(www, "expected.tsv"), "w", encoding="utf-8") as expected:
        for i in range(pages):
            with open(os.path.join(www, "p", f"{i:04d}.html"), "w", encoding="utf-8") as f:
                f.write(page(i))
            expected.write(f"{i}\t{temperature(i)}\n")
    # The job cycles the pages; ?n=i keeps every URL distinct (Scrapy would drop repeats), for every tool alike.
    with open(urls_file, "w", encoding="utf-8") as urls:
        for n in range(fetches):
            urls.write(f"{prefix}/p/{n % pages:04d}.html?n={n}\n")


if __name__ == "__main__":
    main()

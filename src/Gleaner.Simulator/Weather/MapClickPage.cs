namespace Gleaner.Simulator.Weather;

/// <summary>
/// An HTML page shaped like forecast.weather.gov/MapClick.php: the current temperature sits in
/// <c>#current_conditions-summary p.myforecast-current-lrg</c>; dew point, wind chill and the seven-day tombstones
/// carry other °F numbers as traps for loose extraction rules.
/// </summary>
internal static class MapClickPage
{
    public static string Render(WeatherReading r)
    {
        var s = r.Station;
        var updated = r.ObservedLocal.ToString("d MMM h:mm tt", System.Globalization.CultureInfo.InvariantCulture);
        var tombstones = string.Concat(r.Forecast().Select(p => $$"""
            <li class="forecast-tombstone">
            <div class="tombstone-container">
            <p class="period-name">{{p.Period}}</p>
            <p class="short-desc">Partly Sunny</p><p class="temp temp-{{(p.High ? "high" : "low")}}">{{(p.High ? "High" : "Low")}}: {{p.Temperature}} &deg;F</p></div></li>

            """));
        return $$"""
            <!DOCTYPE html>
            <html class="no-js">
            <head>
            <meta name="viewport" content="width=device-width">
            <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
            <title>National Weather Service</title>
            <link rel="stylesheet" href="css/bootstrap-3.2.0.min.css">
            </head>
            <body>
            <main class="container">
            <div id="quickLinks"><span class="lang-spanish"><a href="#">En Espa&ntilde;ol</a></span></div>
            <div class="panel panel-default" id="current-conditions">
            <div class="panel-heading">
            <div>
            <b>Current conditions at</b>
            <h2 class="panel-title">{{s.Name}} ({{s.StationId}})</h2>
            <span class="smallTxt"><b>Lat:&nbsp;</b>{{s.Latitude:0.####}}&deg;N <b>Lon:&nbsp;</b>{{-s.Longitude:0.####}}&deg;W</span>
            </div>
            </div>
            <div class="panel-body" id="current-conditions-body">
            <div id="current_conditions-summary" class="pull-left">
            <img src="newimages/large/sct.png" alt="" class="pull-left" />
            <p class="myforecast-current">Partly Cloudy</p>
            <p class="myforecast-current-lrg">{{r.F1}}&deg;F</p>
            <p class="myforecast-current-sm">{{r.C1}}&deg;C</p>
            </div>
            <div id="current_conditions_detail" class="pull-left">
            <table>
            <tr><td class="text-right"><b>Humidity</b></td><td>{{r.HumidityPercent}}%</td></tr>
            <tr><td class="text-right"><b>Wind Speed</b></td><td>SW {{r.WindMph}} mph</td></tr>
            <tr><td class="text-right"><b>Barometer</b></td><td>{{r.PressureInches:0.00}} in</td></tr>
            <tr><td class="text-right"><b>Dewpoint</b></td><td>{{r.DewpointF}}&deg;F ({{r.DewpointC}}&deg;C)</td></tr>
            <tr><td class="text-right"><b>Visibility</b></td><td>10.00 mi</td></tr>
            <tr><td class="text-right"><b>Last update</b></td><td>{{updated}} {{s.ZoneAbbreviation}}</td></tr>
            </table>
            </div>
            </div>
            </div>
            <div id="seven-day-forecast" class="panel panel-default">
            <div class="panel-heading"><b>Extended Forecast for</b><h2 class="panel-title">{{s.Name}}</h2></div>
            <div class="panel-body" id="seven-day-forecast-body">
            <div id="seven-day-forecast-container"><ul id="seven-day-forecast-list" class="list-unstyled">
            {{tombstones}}</ul></div>
            </div>
            </div>
            </main>
            </body>
            </html>

            """;
    }
}

using System.Globalization;

namespace Gleaner.Simulator.Weather;

/// <summary>
/// A body shaped like NWS <c>current_obs/{id}.xml</c>: <c>temp_f</c>, <c>temp_c</c> and
/// <c>temperature_string</c>, with dew point and heat index beside them.
/// </summary>
internal static class CurrentObsXml
{
    // The document is pure ASCII, so its ISO-8859-1 declaration (copied from NWS) and the bytes agree.
    public const string ContentType = "application/xml; charset=ISO-8859-1";

    public static string Render(WeatherReading r)
    {
        var s = r.Station;
        var local = r.ObservedLocal;
        var updated = local.ToString("MMM d yyyy, h:mm tt", CultureInfo.InvariantCulture);
        var rfc822 = local.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + local.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        return $$"""
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <current_observation version="1.0"
            	 xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            	 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            	 xsi:noNamespaceSchemaLocation="http://www.weather.gov/view/current_observation.xsd">
            	<credit>NOAA's National Weather Service</credit>
            	<credit_URL>http://weather.gov/</credit_URL>
            	<suggested_pickup>15 minutes after the hour</suggested_pickup>
            	<suggested_pickup_period>60</suggested_pickup_period>
            	<location>{{s.Name}}</location>
            	<station_id>{{s.StationId}}</station_id>
            	<latitude>{{s.Latitude:0.####}}</latitude>
            	<longitude>{{s.Longitude:0.####}}</longitude>
            	<observation_time>Last Updated on {{updated}} {{s.ZoneAbbreviation}}</observation_time>
            	<observation_time_rfc822>{{rfc822}}</observation_time_rfc822>
            	<weather>Partly Cloudy</weather>
            	<temperature_string>{{r.F1}} F ({{r.C1}} C)</temperature_string>
            	<temp_f>{{r.F1}}</temp_f>
            	<temp_c>{{r.C1}}</temp_c>
            	<relative_humidity>{{r.HumidityPercent}}</relative_humidity>
            	<wind_string>Southwest at {{r.WindMph}} MPH</wind_string>
            	<wind_mph>{{r.WindMph}}</wind_mph>
            	<pressure_in>{{r.PressureInches:0.00}}</pressure_in>
            	<dewpoint_string>{{r.DewpointF}}.0 F ({{r.DewpointC}}.0 C)</dewpoint_string>
            	<dewpoint_f>{{r.DewpointF}}.0</dewpoint_f>
            	<dewpoint_c>{{r.DewpointC}}.0</dewpoint_c>
            	<visibility_mi>10.00</visibility_mi>
            	<two_day_history_url>http://www.weather.gov/data/obhistory/{{s.StationId}}.html</two_day_history_url>
            	<ob_url>http://www.weather.gov/data/METAR/{{s.StationId}}.1.txt</ob_url>
            </current_observation>

            """;
    }
}

using System.Globalization;

namespace Gleaner.Simulator.Weather;

/// <summary>
/// A body shaped like api.weather.gov/stations/{id}/observations/latest (GeoJSON, application/geo+json):
/// the current temperature is <c>$.properties.temperature.value</c> in °C with unitCode <c>wmoUnit:degC</c>;
/// dew point and wind chill carry other °C numbers.
/// </summary>
internal static class ObservationJson
{
    public const string ContentType = "application/geo+json";

    public static string Render(WeatherReading r)
    {
        var s = r.Station;
        var stamp = r.ObservedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        var id = $"https://api.weather.gov/stations/{s.StationId}/observations/{stamp}";
        var lon = s.Longitude.ToString("0.####", CultureInfo.InvariantCulture);
        var lat = s.Latitude.ToString("0.####", CultureInfo.InvariantCulture);
        var dewpointC = WeatherReading.Format(r.DewpointC);
        var windKmh = WeatherReading.Format(r.WindMph * 1.609344);
        var pressurePa = ((int)Math.Round(r.PressureInches * 3386.389)).ToString(CultureInfo.InvariantCulture);
        return $$"""
            {
                "@context": [
                    "https://geojson.org/geojson-ld/geojson-context.jsonld",
                    { "@version": "1.1", "wx": "https://api.weather.gov/ontology#", "unit": "http://codes.wmo.int/common/unit/", "@vocab": "https://api.weather.gov/ontology#" }
                ],
                "id": "{{id}}",
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [ {{lon}}, {{lat}} ] },
                "properties": {
                    "@id": "{{id}}",
                    "@type": "wx:ObservationStation",
                    "elevation": { "unitCode": "wmoUnit:m", "value": 27 },
                    "station": "https://api.weather.gov/stations/{{s.StationId}}",
                    "stationId": "{{s.StationId}}",
                    "stationName": "{{s.Name}}",
                    "timestamp": "{{stamp}}",
                    "textDescription": "Partly Cloudy",
                    "presentWeather": [],
                    "temperature": { "unitCode": "wmoUnit:degC", "value": {{r.C1}}, "qualityControl": "V" },
                    "dewpoint": { "unitCode": "wmoUnit:degC", "value": {{dewpointC}}, "qualityControl": "V" },
                    "windDirection": { "unitCode": "wmoUnit:degree_(angle)", "value": 230, "qualityControl": "V" },
                    "windSpeed": { "unitCode": "wmoUnit:km_h-1", "value": {{windKmh}}, "qualityControl": "V" },
                    "barometricPressure": { "unitCode": "wmoUnit:Pa", "value": {{pressurePa}}, "qualityControl": "V" },
                    "relativeHumidity": { "unitCode": "wmoUnit:percent", "value": {{r.HumidityPercent}}, "qualityControl": "V" },
                    "windChill": { "unitCode": "wmoUnit:degC", "value": null, "qualityControl": "V" },
                    "heatIndex": { "unitCode": "wmoUnit:degC", "value": null, "qualityControl": "V" }
                }
            }

            """;
    }
}

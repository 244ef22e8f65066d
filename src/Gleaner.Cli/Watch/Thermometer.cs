using System.Globalization;

namespace Gleaner.Cli.Watch;

/// <summary>
/// A small thermometer for a temperature, as the original GUI client drew one: ten cells filled in proportion to
/// where the value sits on an everyday scale of its unit (F: −20…120, C: −30…50, K: 243…323), clamped at both ends.
/// </summary>
internal static class Thermometer
{
    public const int Cells = 10;

    /// <summary>The scale of <paramref name="unit"/> when it is a temperature (F, °F, C, °C, K); null otherwise.</summary>
    public static (double Low, double High)? Scale(string? unit) => unit?.TrimStart('°').ToUpperInvariant() switch
    {
        "F" => (-20, 120),
        "C" => (-30, 50),
        "K" => (243.15, 323.15),
        _ => null,
    };

    /// <summary>Filled cells (0…<see cref="Cells"/>) for <paramref name="value"/>; null when the unit is not a temperature.</summary>
    public static int? Filled(double value, string? unit)
    {
        if (Scale(unit) is not { } scale || double.IsNaN(value))
        {
            return null;
        }

        var fraction = (value - scale.Low) / (scale.High - scale.Low);
        return (int)Math.Round(Math.Clamp(fraction, 0, 1) * Cells, MidpointRounding.AwayFromZero);
    }

    /// <summary>Spectre markup of the bar: cold values blue, mild ones yellow, hot ones red; empty when not a temperature.</summary>
    public static string Markup(double? value, string? unit)
    {
        if (value is not { } v || Filled(v, unit) is not { } filled)
        {
            return "";
        }

        var colour = filled <= 3 ? "blue" : filled <= 6 ? "yellow" : "red";
        return string.Create(CultureInfo.InvariantCulture, $"[{colour}]{new string('█', filled)}[/][grey]{new string('░', Cells - filled)}[/]");
    }
}

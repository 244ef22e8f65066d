using System.Text;

namespace Gleaner.Jobs;

/// <summary>
/// Fills <c>${NAME}</c> references in a header value from the environment, so a secret stays out of the job file
/// and off the command line; <c>$${</c> writes a literal <c>${</c>. Job files and <c>--header</c> share it, so
/// both read a value the same way.
/// </summary>
internal static class EnvironmentReferences
{
    /// <summary>
    /// Expands <paramref name="text"/>. Returns the problems (an unset or empty variable, a reference that is not
    /// closed or does not hold a variable name), none of which quote the text; <paramref name="filled"/> is true
    /// when any part of the value came from the environment.
    /// </summary>
    public static IReadOnlyList<string> Expand(string text, Func<string, string?> environment, out string value, out bool filled)
    {
        filled = false;
        value = text;
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return [];
        }

        var problems = new List<string>();
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text.AsSpan(i).StartsWith("$${", StringComparison.Ordinal))
            {
                builder.Append("${");
                i += 3;
            }
            else if (text.AsSpan(i).StartsWith("${", StringComparison.Ordinal))
            {
                var close = text.IndexOf('}', i + 2);
                var name = close < 0 ? null : text[(i + 2)..close];
                if (name is null || !IsVariableName(name))
                {
                    // The text after ${ may be a pasted secret: the message describes it without quoting it.
                    problems.Add("'${' starts a reference to an environment variable such as ${API_KEY} (letters, digits and _); write $${ for a literal ${");
                    break;
                }

                if (environment(name) is { Length: > 0 } found)
                {
                    builder.Append(found);
                    filled = true;
                }
                else
                {
                    problems.Add($"the environment variable {name} is not set");
                }

                i = close + 1;
            }
            else
            {
                builder.Append(text[i]);
                i++;
            }
        }

        value = builder.ToString();
        return problems;
    }

    /// <summary>True for a name such as <c>WEATHER_API_KEY</c>: a letter or _ first, then letters, digits and _.</summary>
    public static bool IsVariableName(string name) =>
        name.Length is > 0 and <= 256
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

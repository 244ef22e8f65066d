namespace Gleaner.Simulator.Hosting;

/// <summary>The Gleaner outcome names the route table uses (kept as strings: the simulator does not depend on
/// the engine; a test checks every name against <c>Gleaner.OutcomeNames</c>).</summary>
internal static class Expect
{
    public const string Ok = "ok";
    public const string Reset = "reset";
    public const string HeadersTimeout = "headers_timeout";
    public const string Stalled = "stalled";
    public const string Deadline = "deadline";
    public const string TooLarge = "too_large";
    public const string DecompressionLimit = "decompression_limit";
    public const string Protocol = "protocol";
    public const string TooManyRedirects = "too_many_redirects";
    public const string RedirectLoop = "redirect_loop";
    public const string Blocked = "blocked";
    public const string HttpStatus = "http_status";
    public const string NotText = "not_text";
    public const string Decode = "decode";
    public const string NoMatch = "no_match";
    public const string InvalidValue = "invalid_value";
    public const string TooDeep = "too_deep";
}

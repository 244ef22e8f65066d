using Gleaner.Fetching;
using Gleaner.Fetching.Cookies;
using Gleaner.Targets;

namespace Gleaner.Engine;

/// <summary>One target handed to a <see cref="HostWorker"/>.</summary>
/// <param name="Index">Its position in the run's list (a batch), or the watch's number for this sample.</param>
/// <param name="Target">What to sample.</param>
/// <param name="Conditional">The validators of the last response, to make the request conditional; null for none.</param>
/// <param name="Cookies">The target's cookie jar, kept across its attempts; null when it keeps no cookies.</param>
internal readonly record struct HostItem(int Index, Target Target, Validators? Conditional = null, CookieJar? Cookies = null);

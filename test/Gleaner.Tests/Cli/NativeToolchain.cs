namespace Gleaner.Tests.Cli;

/// <summary>
/// Whether this machine can publish the native binary. Native AOT links it with the first of clang and gcc it
/// finds on PATH, so that compiler must be there and able to link a C program (with the C library's development
/// files). zlib is not asked of the system: the .NET 10 runtime pack carries its own libz.a, which is the only
/// zlib the linker reads (seen with <c>-Wl,--trace</c>).
/// </summary>
internal sealed record NativeToolchain(string? Compiler, string? Problem)
{
    /// <summary>The compilers native AOT looks for, in its order.</summary>
    private static readonly string[] Compilers = ["clang", "gcc"];

    public bool Present => Problem is null;

    /// <summary>Looks for a compiler on <paramref name="path"/> (a PATH value) and links a one-line C program with it.</summary>
    public static async Task<NativeToolchain> FindAsync(string? path)
    {
        var compiler = Compilers.Select(name => OnPath(name, path)).FirstOrDefault(found => found is not null);
        if (compiler is null)
        {
            return new(null, "no C compiler on PATH (clang or gcc); publishing the native binary links with one (Debian: apt-get install gcc)");
        }

        var dir = Directory.CreateTempSubdirectory("gleaner-cc-").FullName;
        try
        {
            var source = Path.Combine(dir, "probe.c");
            await File.WriteAllTextAsync(source, "int main(void) { return 0; }\n");
            var link = await ProcessRunner.RunAsync(compiler, [source, "-o", Path.Combine(dir, "probe")], TimeSpan.FromSeconds(60));
            return link.ExitCode == 0
                ? new(compiler, null)
                : new(compiler, $"{compiler} cannot link a C program: {(link.Stderr + link.Stdout).Trim()}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // As `command -v`: the first executable file of that name in a PATH directory.
    private static string? OnPath(string name, string? path) =>
        (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(file => File.Exists(file) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0);
}

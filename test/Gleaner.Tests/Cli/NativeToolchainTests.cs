using System.Runtime.Versioning;
using Gleaner.Tests.Storage;

namespace Gleaner.Tests.Cli;

/// <summary>How the native-binary tests decide that this machine can link: PATH folders holding stand-in compilers.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class NativeToolchainTests : IDisposable
{
    private const string Missing = "no C compiler on PATH (clang or gcc); publishing the native binary links with one (Debian: apt-get install gcc)";

    private readonly TempFolder _first = new();
    private readonly TempFolder _second = new();

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public async Task FindAsync_NoCompilerOnPath_SaysWhatToInstall()
    {
        var toolchain = await NativeToolchain.FindAsync($"{_first.Path}:{_second.Path}");

        Assert.Equal(new NativeToolchain(null, Missing), toolchain);
        Assert.False(toolchain.Present);
    }

    [Fact]
    public async Task FindAsync_CompilerFileNotExecutable_IsNoCompiler()
    {
        await File.WriteAllTextAsync(_first.File("gcc"), "#!/bin/sh\nexit 0\n", TestContext.Current.CancellationToken);

        Assert.Equal(new NativeToolchain(null, Missing), await NativeToolchain.FindAsync(_first.Path));
    }

    [Fact]
    public async Task FindAsync_CompilerThatCannotLink_NamesItAndWhatItSaid()
    {
        var gcc = Compiler(_first, "gcc", "echo \"ld: cannot find crt1.o: No such file or directory\" >&2; exit 1");

        var toolchain = await NativeToolchain.FindAsync(_first.Path);

        Assert.Equal(new NativeToolchain(gcc, $"{gcc} cannot link a C program: ld: cannot find crt1.o: No such file or directory"), toolchain);
    }

    [Fact]
    public async Task FindAsync_ClangAndGcc_PrefersClangAsNativeAotDoes()
    {
        Compiler(_first, "gcc", "exit 0");
        var clang = Compiler(_second, "clang", "exit 0");

        var toolchain = await NativeToolchain.FindAsync($"{_first.Path}:{_second.Path}");

        Assert.Equal(new NativeToolchain(clang, null), toolchain);
        Assert.True(toolchain.Present);
    }

    [Fact]
    public async Task FindAsync_CompilerThatLinks_IsGivenASourceAndAnOutput()
    {
        // The stand-in compiler checks that it was asked to link probe.c into an executable, and makes one.
        var gcc = Compiler(_first, "gcc", "case \"$1\" in */probe.c) ;; *) exit 2 ;; esac; [ \"$2\" = -o ] && : > \"$3\"");

        Assert.Equal(new NativeToolchain(gcc, null), await NativeToolchain.FindAsync(_first.Path));
    }

    private static string Compiler(TempFolder folder, string name, string body)
    {
        var path = folder.File(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}

using System.Diagnostics;
using System.Text;

namespace Iqf.Tests.Support;

/// <summary>Runs the real `iqf` program (the built Iqf.Admin.dll) as a separate process.</summary>
public static class IqfProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Task<Result> RunAsync(IDictionary<string, string?> environment, params string[] args) =>
        RunAsync(environment, args, stdin: null);

    /// <summary>Runs with <paramref name="stdin"/> written to the program's standard input, which is then
    /// closed (null: closed at once, so the program reads end of input).</summary>
    public static async Task<Result> RunAsync(IDictionary<string, string?> environment, string[] args, string? stdin)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Iqf.Admin.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("IQF_DB");
        foreach (var (k, v) in environment)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited (a usage error, say) without reading its input.
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return new Result(p.ExitCode, await output, await error);
    }
}

using System.Diagnostics;
using System.Globalization;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Feeds a format's parser <c>count</c> mutated inputs on a thread of its own and watches it: an exception that is
/// not a protocol error, an input that takes over <see cref="SlowInput"/> twice in a row, or no progress for
/// <see cref="HangLimit"/> is a finding, and the input is saved to a file named in the finding.
/// </summary>
public static class FuzzEngine
{
    /// <summary>A pure parser given at most 64 KiB that takes this long (twice) is a finding.</summary>
    public static readonly TimeSpan SlowInput = TimeSpan.FromMilliseconds(100);

    /// <summary>No input finished for this long: the parser hangs on the current input.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    private const int SavedFindings = 5;

    /// <summary>The run's random seed: AGENTPLATFORM_FUZZ_SEED, else 17, so that a failure reproduces.</summary>
    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("AGENTPLATFORM_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 17;

    /// <summary>Where failing inputs go (the system's temp directory).</summary>
    public static string FindingsDirectory { get; } = Path.Combine(Path.GetTempPath(), "agentplatform-fuzz");

    public static async Task<FuzzReport> RunAsync(FuzzFormat format, long count, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        var report = new FuzzReport();
        var state = new State();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var thread = new Thread(() =>
        {
            try
            {
                Loop(format, count, seed, report, state, cancellationToken);
            }
            finally
            {
                done.TrySetResult();
            }
        })
        { IsBackground = true, Name = "fuzz " + format.Name };
        thread.Start();
        long lastCase = -1;
        var lastProgress = clock.Elapsed;
        while (!done.Task.IsCompleted)
        {
            await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            var now = Interlocked.Read(ref state.Case);
            if (now != lastCase)
            {
                lastCase = now;
                lastProgress = clock.Elapsed;
            }
            else if (!done.Task.IsCompleted && clock.Elapsed - lastProgress > HangLimit)
            {
                // The thread is abandoned (background, so it does not keep the suite alive); the input is kept.
                var input = Volatile.Read(ref state.Input) ?? [];
                report.Findings.Add($"HANG: no progress for {HangLimit.TotalSeconds:F0} s on case {now} ({input.Length} bytes), input saved to {Save(format, seed, now, "hang", input)}");
                report.Elapsed = clock.Elapsed;
                return report;
            }
        }
        report.Elapsed = clock.Elapsed;
        return report;
    }

    private static void Loop(FuzzFormat format, long count, int seed, FuzzReport report, State state, CancellationToken cancellationToken)
    {
        var mutator = new FuzzMutator(format, seed);
        var slowTicks = (long)(SlowInput.TotalSeconds * Stopwatch.Frequency);
        for (long i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
        {
            var input = mutator.Next();
            Volatile.Write(ref state.Input, input);
            Interlocked.Exchange(ref state.Case, i);
            var start = Stopwatch.GetTimestamp();
            var outcome = Try(format, input, out var escaped);
            var ticks = Stopwatch.GetTimestamp() - start;
            report.Cases++;
            switch (outcome)
            {
                case Outcome.Valid: report.Valid++; break;
                case Outcome.ProtocolError: report.ProtocolErrors++; break;
                default: Finding(format, seed, i, report, "CRASH", escaped!.GetType().FullName + ": " + FirstLine(escaped.Message), input); break;
            }
            var ms = ticks * 1000.0 / Stopwatch.Frequency;
            if (ms > report.SlowestMs)
            {
                report.SlowestMs = ms;
                report.SlowestCase = i;
            }
            if (ticks > slowTicks)
            {
                // Once could be a GC pause or the other helpers' builds; twice is the input.
                start = Stopwatch.GetTimestamp();
                _ = Try(format, input, out _);
                var again = (Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency;
                if (again > SlowInput.TotalMilliseconds) Finding(format, seed, i, report, "SLOW", $"{ms:F0} ms then {again:F0} ms for {input.Length} bytes", input);
            }
        }
    }

    private static Outcome Try(FuzzFormat format, byte[] input, out Exception? escaped)
    {
        escaped = null;
        try
        {
            return format.Parse(input) ? Outcome.Valid : Outcome.ProtocolError;
        }
#pragma warning disable CA1031 // The fuzzer's job: every exception is classified, a non-protocol one is a finding.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (format.IsProtocolError(ex)) return Outcome.ProtocolError;
            escaped = ex;
            return Outcome.Escaped;
        }
    }

    private static void Finding(FuzzFormat format, int seed, long i, FuzzReport report, string kind, string what, byte[] input)
    {
        if (report.Findings.Count >= SavedFindings)
        {
            report.MoreFindings++;
            return;
        }
        report.Findings.Add($"{kind}: {what} (case {i}), input saved to {Save(format, seed, i, kind.ToLowerInvariant(), input)}");
    }

    private static string Save(FuzzFormat format, int seed, long i, string kind, byte[] input)
    {
        Directory.CreateDirectory(FindingsDirectory);
        var path = Path.Combine(FindingsDirectory, $"{format.Name}-seed{seed}-case{i}-{kind}.bin");
        File.WriteAllBytes(path, input);
        return path;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? text : text[..end];
        return line.Length > 200 ? line[..200] : line;
    }

    private enum Outcome
    {
        Valid,
        ProtocolError,
        Escaped,
    }

    private sealed class State
    {
        public long Case = -1;
        public byte[]? Input;
    }
}

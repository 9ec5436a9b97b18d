namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// The MessagePack timestamp extension (type -1): seconds since 1970-01-01T00:00:00Z plus nanoseconds.
/// It covers more than <see cref="DateTime"/> (±292 billion years at 1 ns), so it is its own type and
/// converts to <see cref="DateTime"/> only when that is exact enough and in range.
/// </summary>
public readonly record struct MessagePackTimestamp
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;
    private const long NanosecondsPerTick = 100;
    private static readonly long MinDateTimeSeconds = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerSecond;
    private static readonly long MaxDateTimeSeconds = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerSecond;

    /// <summary>Creates a timestamp; <paramref name="nanoseconds"/> must be below 1,000,000,000.</summary>
    public MessagePackTimestamp(long seconds, uint nanoseconds)
    {
        if (nanoseconds >= 1_000_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(nanoseconds), nanoseconds, "nanoseconds must be below 1e9");
        }
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    /// <summary>Seconds since the Unix epoch (negative before it).</summary>
    public long Seconds { get; }

    /// <summary>The nanoseconds within the second, 0..999,999,999 (always added, also before the epoch).</summary>
    public uint Nanoseconds { get; }

    /// <summary>Converts a <see cref="DateTime"/> (UTC assumed for Unspecified) exactly, at 100 ns resolution.</summary>
    public static MessagePackTimestamp FromDateTime(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        var ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TicksPerSecond;
        }
        return new MessagePackTimestamp(seconds, (uint)(remainder * NanosecondsPerTick));
    }

    /// <summary>Converts to a UTC <see cref="DateTime"/>, truncating below 100 ns; false when out of its range.</summary>
    public bool TryToDateTime(out DateTime value)
    {
        if (Seconds < MinDateTimeSeconds || Seconds > MaxDateTimeSeconds)
        {
            value = default;
            return false;
        }
        var ticks = DateTime.UnixEpoch.Ticks + (Seconds * TicksPerSecond) + (Nanoseconds / NanosecondsPerTick);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            value = default;
            return false;
        }
        value = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Converts to a UTC <see cref="DateTime"/>; throws <see cref="MessagePackException"/> when out of its range.</summary>
    public DateTime ToDateTime() => TryToDateTime(out var value)
        ? value
        : throw new MessagePackException($"timestamp {Seconds}s is outside the range of DateTime");

    /// <summary>The encoded data length this timestamp needs: 4 (timestamp 32), 8 (timestamp 64) or 12 (timestamp 96).</summary>
    public int EncodedLength => Nanoseconds == 0 && Seconds is >= 0 and <= uint.MaxValue ? 4
        : Seconds is >= 0 and < (1L << 34) ? 8
        : 12;

    /// <summary>RFC 3339 in UTC with as many fractional digits as the nanoseconds need (0, 3, 6 or 9).</summary>
    public override string ToString()
    {
        if (!TryToDateTime(out var dt))
        {
            return FormattableString.Invariant($"{Seconds}.{Nanoseconds:D9}s");
        }
        var date = dt.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        if (Nanoseconds == 0) return date + "Z";
        if (Nanoseconds % 1_000_000 == 0) return FormattableString.Invariant($"{date}.{Nanoseconds / 1_000_000:D3}Z");
        if (Nanoseconds % 1_000 == 0) return FormattableString.Invariant($"{date}.{Nanoseconds / 1_000:D6}Z");
        return FormattableString.Invariant($"{date}.{Nanoseconds:D9}Z");
    }
}

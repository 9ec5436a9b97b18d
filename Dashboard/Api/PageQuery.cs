namespace AgentPlatform.Dashboard.Api;

/// <summary>Validates <c>offset</c>/<c>limit</c> the way the Relay admin API bounds them (limit ≤ 500).</summary>
public static class PageQuery
{
    public const int MaxLimit = 500;

    public static bool TryRead(HttpRequest request, int defaultLimit, out int offset, out int limit, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        offset = 0;
        limit = defaultLimit;
        error = null;
        var o = request.Query["offset"].ToString();
        var l = request.Query["limit"].ToString();
        if (o.Length > 0 && (!int.TryParse(o, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            error = "offset must be a non-negative integer";
            return false;
        }
        if (l.Length > 0 && (!int.TryParse(l, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            error = $"limit must be an integer from 1 to {MaxLimit}";
            return false;
        }
        return true;
    }

    /// <summary>Filter values are forwarded to another service: keep them short and printable.</summary>
    public static bool IsSafeFilter(string value) =>
        value.Length <= 128 && value.All(c => c > ' ' && c < 0x7f);
}

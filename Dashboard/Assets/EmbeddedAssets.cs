using System.Security.Cryptography;

namespace AgentPlatform.Dashboard.Assets;

/// <summary>
/// The UI (wwwroot/, embedded at build time) served from memory: a few small files, so the dashboard
/// works offline and from any working directory. Validated with ETags so reloads cost a 304.
/// </summary>
public sealed class EmbeddedAssets
{
    private const string Prefix = "wwwroot/";
    private readonly Dictionary<string, EmbeddedAsset> _assets = new(StringComparer.Ordinal);

    public EmbeddedAssets()
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var path = "/" + name[Prefix.Length..].Replace('\\', '/');
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"";
            _assets[path] = new EmbeddedAsset(path, bytes, ContentTypeOf(path), etag);
        }
    }

    public IReadOnlyCollection<string> Paths => _assets.Keys;

    public bool TryGet(string path, out EmbeddedAsset asset)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "/") path = "/index.html";
        return _assets.TryGetValue(path, out asset!);
    }

    public static async Task ServeAsync(HttpContext context, EmbeddedAsset asset)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(asset);
        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await response.Body.WriteAsync(asset.Content, context.RequestAborted).ConfigureAwait(false);
    }

    private static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };
}

using System.Security.Cryptography;
using System.Text.Json;

namespace AgentPlatform.AppHost.Configuration;

/// <summary>
/// Development secrets, generated once per data dir and kept in keys.json (owner read/write only), so a
/// restart of AppHost keeps tokens that clients and scripts already hold.
/// </summary>
public sealed record DevelopmentKeys
{
    public const string FileName = "keys.json";

    /// <summary>Bearer key for registry writes.</summary>
    public required string Registry { get; init; }

    /// <summary>Bearer key for the read-only admin APIs.</summary>
    public required string Admin { get; init; }

    /// <summary>Token a client presents on the asp-v1 upgrade.</summary>
    public required string AgentSocket { get; init; }

    /// <summary>The Web PubSub access key (HMAC key of client tokens and upstream signatures), base64 like Azure's.</summary>
    public required string WebPubSubAccessKey { get; init; }

    public static DevelopmentKeys Generate() => new()
    {
        Registry = NewToken(),
        Admin = NewToken(),
        AgentSocket = NewToken(),
        WebPubSubAccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>Reads the data dir's keys, or creates them; a damaged file is an error, never silently replaced.</summary>
    public static DevelopmentKeys LoadOrCreate(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            DevelopmentKeys? keys;
            try
            {
                keys = JsonSerializer.Deserialize(File.ReadAllText(path), KeysJsonContext.Default.DevelopmentKeys);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path} is not valid JSON ({ex.Message}); fix or delete it to generate new keys.", ex);
            }
            if (keys is null || string.IsNullOrEmpty(keys.Registry) || string.IsNullOrEmpty(keys.Admin) ||
                string.IsNullOrEmpty(keys.AgentSocket) || string.IsNullOrEmpty(keys.WebPubSubAccessKey))
            {
                throw new InvalidDataException($"{path} lacks a key; fix or delete it to generate new keys.");
            }
            return keys;
        }
        var created = Generate();
        PrivateFile.WriteAtomically(path, JsonSerializer.Serialize(created, KeysJsonContext.Default.DevelopmentKeys));
        return created;
    }

    private static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Text.RegularExpressions;

namespace AgentPlatform.AppHost.Composition;

/// <summary>Hides the secret fields of <c>key=value;</c> connection strings (Web PubSub, Redis) so they can be printed.</summary>
public static partial class ConnectionStringMask
{
    public static string Mask(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return SecretField().Replace(connectionString, "$1$2***");
    }

    [GeneratedRegex(@"(^|[;,])(\s*(?:AccessKey|SharedAccessKey|AccountKey|password)\s*=)[^;,]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretField();
}

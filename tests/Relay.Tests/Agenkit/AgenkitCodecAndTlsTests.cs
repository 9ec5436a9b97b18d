using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>The negotiated MessagePack codec and TLS on the TCP listener.</summary>
[Collection(PlatformGroup.Name)]
public sealed class AgenkitCodecAndTlsTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task Negotiated_MessagePack_carries_every_frame_after_the_answer(string transport)
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, new() { ["Relay:Agenkit:MessagePack"] = "true" });
        await relay.Host.WaitForAgentAsync("echo");
        await using var client = await relay.ConnectAsync(transport);
        await client.SendAsync(AgenkitNegotiation.CreateRequest("n", [AgenkitCodec.MessagePack, AgenkitCodec.Json]));
        var answer = await client.ExpectAsync();   // still JSON
        Assert.Equal(AgenkitCodec.MessagePack, AgenkitNegotiation.ReadAnswer(answer));
        client.Codec = AgenkitCodec.MessagePack;
        await client.SendRequestAsync("m1", AgenkitMethods.Stream, "echo", "packed");
        var frames = await client.ReceiveUntilAsync(f => f.Type is AgenkitMessageType.StreamEnd or AgenkitMessageType.Error);
        Assert.Equal("packed", frames.Single(f => f.Type == AgenkitMessageType.StreamChunk).Payload["message"]!["content"]!.GetValue<string>());
        // JSON after the switch is not MessagePack: MALFORMED_PAYLOAD, then the connection closes.
        client.Codec = AgenkitCodec.Json;
        await client.SendRequestAsync("j1", AgenkitMethods.Process, "echo", "json");
        client.Codec = AgenkitCodec.MessagePack;
        Assert.Equal(AgenkitErrorCodes.MalformedPayload, AgenkitError.FromPayload((await client.ExpectAsync()).Payload).Code);
        Assert.True(await client.ClosedAsync());
    }

    [Fact]
    public async Task MessagePack_is_off_by_default_and_the_connection_stays_on_JSON()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        await using var client = await relay.ConnectAsync("unix");
        await client.SendAsync(AgenkitNegotiation.CreateRequest("n", [AgenkitCodec.MessagePack]));
        Assert.Equal(AgenkitCodec.Json, AgenkitNegotiation.ReadAnswer(await client.ExpectAsync()));
        await client.SendRequestAsync("j", AgenkitMethods.Process, "echo", "plain");
        Assert.Equal("plain", (await client.ExpectAsync()).Payload["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_a_certificate_the_TCP_listener_speaks_TLS()
    {
        var directory = AgenkitRelay.NewDirectory();
        Directory.CreateDirectory(directory);
        var pfx = Path.Combine(directory, "cert.pfx");
        string thumbprint;
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pw"));
            thumbprint = certificate.GetCertHashString();
        }
        await using var relay = await AgenkitRelay.StartAsync(platform, new()
        {
            ["Relay:Agenkit:CertificatePath"] = pfx,
            ["Relay:Agenkit:CertificatePassword"] = "pw",
        }, directory);
        await relay.Host.WaitForAgentAsync("echo");
        await using var client = await AgenkitTestClient.ConnectAsync(relay.Tcp, thumbprint);
        await client.SendRequestAsync("t", AgenkitMethods.Process, "echo", "over tls");
        Assert.Equal("over tls", (await client.ExpectAsync()).Payload["message"]!["content"]!.GetValue<string>());
        // A plain client gets nothing it can read as agenkit: the handshake fails and the connection ends.
        await using var plain = await relay.ConnectAsync("tcp");
        await plain.SendRequestAsync("p", AgenkitMethods.Process, "echo", "plain");
        Assert.True(await plain.ClosedAsync());
    }
}

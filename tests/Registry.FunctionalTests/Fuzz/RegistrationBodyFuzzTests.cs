using System.Net;
using System.Text;
using AgentPlatform.Registry.FunctionalTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Registry.FunctionalTests.Fuzz;

/// <summary>Mutated registration bodies only ever get 2xx, 400 or 413: never a 500, and the registry keeps serving.</summary>
public sealed class RegistrationBodyFuzzTests
{
    private const string Valid =
        "{\"endpoint\":\"http://127.0.0.1:5102\",\"protocol\":\"asp-v1\",\"mode\":\"relay\",\"capabilities\":[\"stream\",\"tools\"]," +
        "\"tools\":[{\"name\":\"search\",\"description\":\"d\",\"schema\":{\"type\":\"object\"}}],\"metadata\":{\"k\":\"v\"},\"public\":true}";

    [Fact]
    public async Task Mutated_bodies_never_cause_a_server_error()
    {
        await using var host = await RegistryHost.StartAsync(time: new FakeTimeProvider());
        var random = new Random(20261122);
        const string Noise = "{}[]\":,\\0-9eE.+ntrufalsnul\u00e9\u0000\uffff";
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 400; i++)
        {
            var chars = Valid.ToCharArray().ToList();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars[at] = Noise[random.Next(Noise.Length)]; break;
                    case 1: chars.RemoveAt(at); break;
                    default: chars.Insert(at, Noise[random.Next(Noise.Length)]); break;
                }
            }
            using var content = new StringContent(new string([.. chars]), Encoding.UTF8, "application/json");
            var response = await host.Writer.PutAsync($"/v1/agents/fuzz/instances/i{i % 7}", content);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge,
                $"{response.StatusCode} for {new string([.. chars])}");
        }
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 100, string.Join(", ", statuses));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/v1/agents")).StatusCode);
    }
}

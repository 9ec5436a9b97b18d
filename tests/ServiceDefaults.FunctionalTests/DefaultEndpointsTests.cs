using System.Globalization;
using Microsoft.AspNetCore.Builder;

namespace AgentPlatform.ServiceDefaults.FunctionalTests;

/// <summary>What MapDefaultEndpoints gives every service: /health, /alive, problem details.</summary>
public sealed class DefaultEndpointsTests : IAsyncLifetime
{
    private WebApplication _service = null!;

    public async ValueTask InitializeAsync()
    {
        _service = ServiceHost.Build(new Dictionary<string, string?>());
        _service.MapGet("/throw", string () => throw new InvalidOperationException("boom"));
        await _service.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private Uri Own(string path) => new(new Uri(_service.Urls.First()), path);

    [Fact]
    public async Task Health_and_alive_answer()
    {
        using var http = new HttpClient();
        Assert.Equal("Healthy", await http.GetStringAsync(Own("/health"), TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", await http.GetStringAsync(Own("/alive"), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/throw", 500)]
    [InlineData("/no-such-thing", 404)]
    public async Task Errors_are_problem_details(string path, int status)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(Own(path), TestContext.Current.CancellationToken);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"status\":" + status.ToString(CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
        Assert.DoesNotContain("boom", body, StringComparison.Ordinal);
    }
}

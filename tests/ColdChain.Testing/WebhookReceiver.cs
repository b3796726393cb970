using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ColdChain.Testing;

/// <summary>
/// A webhook endpoint (the order platform's, an SMS gateway's): Kestrel on a free loopback port, keeping every request
/// with the <c>X-ColdChain-*</c> signature headers, and refusing the first <c>failFirst</c> with <c>failure</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<ReceivedHook> Requests { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0, int failure = StatusCodes.Status503ServiceUnavailable)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/hook");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url.GetLeftPart(UriPartial.Authority));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, url);
        var count = 0;
        app.MapPost(url.AbsolutePath, async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var timestamp = long.TryParse(request.Headers["X-ColdChain-Timestamp"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : 0;
            var refused = Interlocked.Increment(ref count) <= failFirst;
            receiver.Requests.Enqueue(new ReceivedHook(
                timestamp,
                body.ToArray(),
                request.Headers["X-ColdChain-Signature"].ToString(),
                request.Headers["X-ColdChain-Delivery"].ToString(),
                refused ? failure : StatusCodes.Status200OK));
            return refused ? Results.StatusCode(failure) : Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as received, and the status it was answered with.</summary>
public sealed record ReceivedHook(long Timestamp, byte[] Body, string? Signature, string? Delivery, int AnsweredWith);

using System.Collections.Concurrent;
using System.Globalization;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ColdChain.Platform.Tests.Shipments;

/// <summary>The order platform's webhook endpoint: Kestrel on a free loopback port, keeping every request it gets.</summary>
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

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/order-platform/hook");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url.GetLeftPart(UriPartial.Authority));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, url);
        app.MapPost(url.AbsolutePath, async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.Requests.Enqueue(new ReceivedHook(
                long.Parse(request.Headers[WebhookSignature.TimestampHeader].ToString(), CultureInfo.InvariantCulture),
                body.ToArray(),
                request.Headers[WebhookSignature.SignatureHeader].ToString(),
                request.Headers[WebhookSignature.DeliveryHeader].ToString()));
            return receiver.Requests.Count <= failFirst ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Ok();
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

public sealed record ReceivedHook(long Timestamp, byte[] Body, string? Signature, string? Delivery);

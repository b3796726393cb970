using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace ColdChain.Testing;

/// <summary>
/// A webhook endpoint (the order platform's, an SMS gateway's) on a free loopback port, keeping every request with the
/// <c>X-ColdChain-*</c> signature headers, and refusing the first <c>failFirst</c> with <c>failure</c>.
/// </summary>
/// <remarks>
/// <see cref="HttpListener"/>, not Kestrel: a framework reference to ASP.NET Core here would reach every test project,
/// and the edge binary the edge tests start from their output folder would then miss its hosting assemblies.
/// </remarks>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _serving;
    private readonly int _failFirst;
    private readonly int _failure;
    private int _count;

    private WebhookReceiver(HttpListener listener, Uri url, int failFirst, int failure)
    {
        _listener = listener;
        Url = url;
        _failFirst = failFirst;
        _failure = failure;
        _serving = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<ReceivedHook> Requests { get; } = new();

    public static Task<WebhookReceiver> StartAsync(int failFirst = 0, int failure = (int)HttpStatusCode.ServiceUnavailable)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/hook");
        var listener = new HttpListener();
        listener.Prefixes.Add(url.GetLeftPart(UriPartial.Path) + "/");
        listener.Start();
        return Task.FromResult(new WebhookReceiver(listener, url, failFirst, failure));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath.TrimEnd('/') != Url.AbsolutePath)
        {
            context.Response.StatusCode = (int)HttpStatusCode.NotFound;
            context.Response.Close();
            return;
        }

        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var timestamp = long.TryParse(request.Headers["X-ColdChain-Timestamp"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : 0;
        var refused = Interlocked.Increment(ref _count) <= _failFirst;
        var status = refused ? _failure : (int)HttpStatusCode.OK;
        Requests.Enqueue(new ReceivedHook(
            timestamp,
            body.ToArray(),
            request.Headers["X-ColdChain-Signature"] ?? string.Empty,
            request.Headers["X-ColdChain-Delivery"] ?? string.Empty,
            status));
        context.Response.StatusCode = status;
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}

/// <summary>One request as received, and the status it was answered with.</summary>
public sealed record ReceivedHook(long Timestamp, byte[] Body, string? Signature, string? Delivery, int AnsweredWith);

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// POSTs a notice as JSON, signed with HMAC (<see cref="WebhookSignature"/>). The delivery queue makes one attempt per
/// pass and retries through the queue; <see cref="SendAsync"/> (security alerts, sent directly) retries transient
/// failures (network, 5xx, 429) itself. The same delivery id is sent on every attempt so the receiver can drop duplicates.
/// </summary>
public sealed partial class WebhookChannel(HttpClient http, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookChannel> logger)
{
    public const string Name = "webhook";

    public async Task<DeliveryResult> SendAsync(AlarmNotice notice, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Url is null || string.IsNullOrEmpty(settings.Secret))
        {
            return new DeliveryResult(Name, Delivered: false, Attempts: 0, "no webhook configured");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(notice, JsonSerializerOptions.Web);
        var delivery = Guid.NewGuid().ToString();
        var result = new DeliveryResult(Name, Delivered: false, Attempts: 0, "not attempted");
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            result = await AttemptAsync(settings, body, delivery, cancellationToken) with { Attempts = attempt };
            if (result.Delivered || result.Permanent)
            {
                return result;
            }

            if (attempt < settings.MaxAttempts)
            {
                await Task.Delay(settings.RetryDelay * Math.Pow(2, attempt - 1), time, cancellationToken);
            }
        }

        return result;
    }

    /// <summary>One signed POST of <paramref name="body"/> to <paramref name="endpoint"/>.</summary>
    public async Task<DeliveryResult> AttemptAsync(WebhookOptions endpoint, byte[] body, string deliveryId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Url is null || string.IsNullOrEmpty(endpoint.Secret))
        {
            return new DeliveryResult(Name, Delivered: false, Attempts: 1, "no webhook configured", Permanent: true);
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(endpoint.Secret, timestamp, body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, deliveryId);
        string detail;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(endpoint.Timeout);
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryResult(Name, Delivered: true, Attempts: 1, $"HTTP {(int)response.StatusCode}");
            }

            detail = $"HTTP {(int)response.StatusCode}";
            if (!IsTransient(response.StatusCode))
            {
                return new DeliveryResult(Name, Delivered: false, Attempts: 1, detail + " (not retried)", Permanent: true);
            }
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            detail = e.Message;
        }

        LogAttemptFailed(endpoint.Url, detail);
        return new DeliveryResult(Name, Delivered: false, Attempts: 1, detail);
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook attempt to {Url} failed: {Detail}")]
    private partial void LogAttemptFailed(Uri url, string detail);
}

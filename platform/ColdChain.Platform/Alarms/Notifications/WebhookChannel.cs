using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// POSTs the alarm notice as JSON, signed with HMAC, retrying transient failures (network, 5xx, 429) with growing
/// delays. The same delivery id is sent on every attempt so the receiver can drop duplicates.
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
        var detail = "not attempted";
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(settings.Secret, timestamp, body));
            request.Headers.Add(WebhookSignature.DeliveryHeader, delivery);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.Timeout);
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return new DeliveryResult(Name, Delivered: true, attempt, $"HTTP {(int)response.StatusCode}");
                }

                detail = $"HTTP {(int)response.StatusCode}";
                if (!IsTransient(response.StatusCode))
                {
                    return new DeliveryResult(Name, Delivered: false, attempt, detail + " (not retried)");
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                detail = e.Message;
            }

            LogAttemptFailed(attempt, settings.Url, detail);
            if (attempt < settings.MaxAttempts)
            {
                await Task.Delay(settings.RetryDelay * Math.Pow(2, attempt - 1), time, cancellationToken);
            }
        }

        return new DeliveryResult(Name, Delivered: false, settings.MaxAttempts, detail);
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm webhook attempt {Attempt} to {Url} failed: {Detail}")]
    private partial void LogAttemptFailed(int attempt, Uri url, string detail);
}

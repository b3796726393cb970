using System.ComponentModel.DataAnnotations;
using ColdChain.Protocol;
using ColdChain.Ingest.Validating;
using ColdChain.Ingest.Writing;
using ColdChain.Protocol.Topics;

namespace ColdChain.Ingest.Consuming;

/// <summary>Section <c>Ingest</c>: how ingest meets the broker.</summary>
public sealed class IngestOptions : IValidatableObject
{
    public const string Section = "Ingest";

    public BrokerOptions Broker { get; set; } = new();

    /// <summary>
    /// Stable across restarts: the broker keeps this id's session (and its share of unacknowledged messages) while
    /// the instance is away. Each instance needs its own; empty means <c>coldchain-ingest-{machine name}</c>.
    /// </summary>
    [MaxLength(128)]
    public string? ClientId { get; set; }

    /// <summary>
    /// Subscribe through <c>$share/{ShareGroup}/…</c> so N instances split the load. False for MQTTnet's embedded
    /// broker, which refuses shared subscriptions.
    /// </summary>
    public bool UseSharedSubscription { get; set; } = true;

    public string ShareGroup { get; set; } = ColdChainTopics.IngestShareGroup;

    /// <summary>How long the broker keeps the session (and queues for it) after ingest went away.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "49710.00:00:00")]
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Unacknowledged messages the broker may have in flight to us; match the broker's max_inflight_messages.</summary>
    [Range(1, 65535)]
    public int ReceiveMaximum { get; set; } = 1000;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>First wait before reconnecting (after a dropped connection or a failed store write); doubles up to the max.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Section <c>Ingest:Writer</c>: batching, retries, circuit breaker.</summary>
    public WriterOptions Writer { get; set; } = new();

    /// <summary>Section <c>Ingest:Validation</c>: time window, sizes.</summary>
    public ValidationOptions Validation { get; set; } = new();

    public string EffectiveClientId => string.IsNullOrWhiteSpace(ClientId) ? $"coldchain-ingest-{Environment.MachineName}" : ClientId;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // DataAnnotations does not descend into nested objects by itself.
        var brokerErrors = new List<ValidationResult>();
        if (Broker is null)
        {
            yield return new ValidationResult("Ingest:Broker is missing", [nameof(Broker)]);
        }
        else if (!Validator.TryValidateObject(Broker, new ValidationContext(Broker), brokerErrors, validateAllProperties: true))
        {
            foreach (var error in brokerErrors)
            {
                yield return new ValidationResult($"Ingest:Broker: {error.ErrorMessage}", error.MemberNames.Select(m => $"{nameof(Broker)}.{m}"));
            }
        }

        foreach (var (name, nested) in new (string, object?)[] { (nameof(Writer), Writer), (nameof(Validation), Validation) })
        {
            if (nested is null)
            {
                yield return new ValidationResult($"Ingest:{name} is missing", [name]);
                continue;
            }

            var nestedErrors = new List<ValidationResult>();
            if (!Validator.TryValidateObject(nested, new ValidationContext(nested), nestedErrors, validateAllProperties: true))
            {
                foreach (var error in nestedErrors)
                {
                    yield return new ValidationResult($"Ingest:{name}: {error.ErrorMessage}", error.MemberNames.Select(m => $"{name}.{m}"));
                }
            }
        }

        if (Writer is not null && Writer.MaxBatchMessages > ReceiveMaximum)
        {
            yield return new ValidationResult(
                $"Ingest:Writer:MaxBatchMessages ({Writer.MaxBatchMessages}) exceeds Ingest:ReceiveMaximum ({ReceiveMaximum}): the broker never has that many unacknowledged messages out, so batches could only fill by time",
                [$"{nameof(Writer)}.{nameof(WriterOptions.MaxBatchMessages)}"]);
        }

        if (UseSharedSubscription && Identifiers.Problem(ShareGroup) is { } problem)
        {
            yield return new ValidationResult($"Ingest:ShareGroup '{ShareGroup}' {problem}", [nameof(ShareGroup)]);
        }

        if (MaxReconnectDelay < ReconnectDelay)
        {
            yield return new ValidationResult("Ingest:MaxReconnectDelay is shorter than Ingest:ReconnectDelay", [nameof(MaxReconnectDelay)]);
        }
    }
}

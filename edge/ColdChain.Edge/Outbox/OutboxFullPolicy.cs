namespace ColdChain.Edge.Outbox;

/// <summary>What the outbox does when a new batch would exceed its quota. Either way it is logged, counted in the health and announced by a <c>buffer_near_full</c> event: never silent.</summary>
public enum OutboxFullPolicy
{
    /// <summary>
    /// Delete the oldest telemetry batches to make room (events are never deleted). The newest readings matter most to
    /// the people acting on an excursion now; the dropped seq range is named in the event, so the gap is explained.
    /// </summary>
    DropOldest,

    /// <summary>Refuse the new telemetry batch and keep the oldest: for a site that must prove the start of an outage.</summary>
    RejectNewest,
}

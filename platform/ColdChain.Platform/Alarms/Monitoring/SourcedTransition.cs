using ColdChain.Ingest.Alarms;

namespace ColdChain.Platform.Alarms.Monitoring;

/// <summary>A rule's transition with where it happened: the site and gateway it came through and the asset it is about.</summary>
public sealed record SourcedTransition(string Site, string Gateway, string Asset, AlarmTransition Transition)
{
    public string Source => Transition.Sensor;

    public string Condition => AlarmNames.Of(Transition.Condition);
}

namespace ColdChain.Ingest.Alarms;

public enum AlarmSeverity
{
    Warning,
    Critical,
}

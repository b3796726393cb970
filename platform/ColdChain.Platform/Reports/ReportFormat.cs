namespace ColdChain.Platform.Reports;

public enum ReportFormat
{
    Csv,
    Pdf,
    Epcis,
}

public static class ReportFormats
{
    public static bool TryParse(string? text, out ReportFormat format)
    {
        format = text?.ToLowerInvariant() switch
        {
            null or "" or "pdf" => ReportFormat.Pdf,
            "csv" => ReportFormat.Csv,
            "epcis" => ReportFormat.Epcis,
            _ => (ReportFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    public static string WireName(this ReportFormat format) => format switch
    {
        ReportFormat.Csv => "csv",
        ReportFormat.Pdf => "pdf",
        _ => "epcis",
    };

    public static string ContentType(this ReportFormat format) => format switch
    {
        ReportFormat.Csv => "text/csv; charset=utf-8",
        ReportFormat.Pdf => "application/pdf",
        _ => "application/ld+json",
    };

    public static string Extension(this ReportFormat format) => format switch
    {
        ReportFormat.Csv => "csv",
        ReportFormat.Pdf => "pdf",
        _ => "jsonld",
    };
}

using ColdChain.Platform.Reports.Schedules;

namespace ColdChain.Platform.Tests.Reports;

public sealed class ReportPeriodsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Test]
    public void The_day_the_clocks_go_forward_is_23_hours_from_local_midnight_to_local_midnight()
    {
        var (from, to) = ReportPeriods.Containing(ReportPeriods.Daily, new DateTimeOffset(2026, 3, 29, 9, 0, 0, TimeSpan.Zero), Berlin);

        Assert.That((from, to), Is.EqualTo((new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero))));
    }

    [Test]
    public void The_day_the_clocks_go_back_is_25_hours()
    {
        var (from, to) = ReportPeriods.Containing(ReportPeriods.Daily, new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero), Berlin);

        Assert.That(to - from, Is.EqualTo(TimeSpan.FromHours(25)));
    }

    [Test]
    public void A_week_runs_from_monday_and_a_month_from_the_first_in_the_sites_zone()
    {
        var wednesday = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        var week = ReportPeriods.Containing(ReportPeriods.Weekly, wednesday, Shanghai);
        var month = ReportPeriods.Containing(ReportPeriods.Monthly, wednesday, Shanghai);

        Assert.Multiple(() =>
        {
            Assert.That(week, Is.EqualTo((new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(8)))));
            Assert.That(month, Is.EqualTo((new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)))));
            Assert.That(ReportPeriods.After(ReportPeriods.Monthly, month.To, Shanghai).To, Is.EqualTo(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(8))));
        });
    }

    [Test]
    public void A_send_time_the_clocks_skip_moves_to_the_first_minute_that_exists_and_one_they_repeat_is_its_first_occurrence()
    {
        var skipped = ReportPeriods.DueAt(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), new TimeOnly(2, 30), Berlin);
        var repeated = ReportPeriods.DueAt(new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.Zero), new TimeOnly(2, 30), Berlin);

        Assert.Multiple(() =>
        {
            Assert.That(skipped, Is.EqualTo(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2))));
            Assert.That(repeated, Is.EqualTo(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2))));
        });
    }
}

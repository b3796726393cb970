using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ColdChain.Edge.Sequencing;

/// <summary>
/// A per-gateway sequence (<c>seq</c>) that strictly increases and survives restarts: the last number handed out is
/// written to a small file before it is used, atomically (write a temp file, flush to disk, rename over), so a power
/// cut leaves either the old or the new number, never half a file. Without a file it lives in memory only.
/// </summary>
internal sealed partial class SequenceCounter
{
    private readonly string? _path;
    private readonly Lock _gate = new();
    private long _last;

    private SequenceCounter(string? path, long last)
    {
        _path = path;
        _last = last;
    }

    /// <summary>The last number handed out (0 before the first).</summary>
    public long Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    public string? Path => _path;

    public static SequenceCounter InMemory() => new(null, 0);

    /// <summary>Opens (or starts) the counter kept in <paramref name="path"/>.</summary>
    public static SequenceCounter Open(string path, TimeProvider time, ILogger logger)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        if (!File.Exists(path))
        {
            return new SequenceCounter(path, 0);
        }

        var text = File.ReadAllText(path, Encoding.UTF8).Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            return new SequenceCounter(path, last);
        }

        // The file is damaged (a disk fault, not a torn write): we cannot know the last number, but no gateway has
        // sent more than one batch per millisecond since 1970, so the current Unix time in ms is above any number
        // it handed out. The receiver sees a jump, not a reuse.
        var floor = time.GetUtcNow().ToUnixTimeMilliseconds();
        LogDamaged(logger, path, floor);
        return new SequenceCounter(path, floor);
    }

    /// <summary>The next number, persisted before it is returned.</summary>
    public long Next()
    {
        lock (_gate)
        {
            var next = _last + 1;
            if (_path is not null)
            {
                Persist(_path, next);
            }

            _last = next;
            return next;
        }
    }

    private static void Persist(string path, long value)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture)));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sequence file {Path} is damaged; continuing from {Floor} so that no sequence number is reused")]
    private static partial void LogDamaged(ILogger logger, string path, long floor);
}

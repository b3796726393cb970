using System.Text;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>The MessagePack answer (<c>Accept: application/x-msgpack</c>, InfluxDB 1.4 and later): the JSON's shape in about half the bytes.</summary>
internal sealed partial class InfluxSeriesReader
{
    /// <summary>Adds the rows of one or more MessagePack chunks; throws <see cref="InfluxException"/> for an error or an unexpected shape.</summary>
    public void ReadMsgPack(ReadOnlySpan<byte> chunks)
    {
        var reader = new MsgPackReader(chunks);
        while (!reader.End)
        {
            ReadMap(ref reader, "results"u8, ReadMsgPackResult);
        }
    }

    private delegate void ElementPackReader(ref MsgPackReader reader);

    private void ReadMsgPackResult(ref MsgPackReader reader) => ReadMap(ref reader, "series"u8, ReadMsgPackSeries);

    /// <summary>An answer or one of its results: a map holding an array (<paramref name="array"/>, each element read by <paramref name="readElement"/>) or an <c>error</c>.</summary>
    private static void ReadMap(ref MsgPackReader reader, ReadOnlySpan<byte> array, ElementPackReader readElement)
    {
        for (var properties = reader.ReadMapHeader(); properties > 0; properties--)
        {
            var property = reader.ReadString();
            if (property.SequenceEqual(array))
            {
                for (var elements = reader.ReadArrayHeader(); elements > 0; elements--)
                {
                    readElement(ref reader);
                }
            }
            else if (property.SequenceEqual("error"u8))
            {
                throw new InfluxException($"InfluxDB query failed: {(reader.IsString ? Encoding.UTF8.GetString(reader.ReadString()) : "error")}");
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadMsgPackSeries(ref MsgPackReader reader)
    {
        var header = new SeriesHeader();
        for (var properties = reader.ReadMapHeader(); properties > 0; properties--)
        {
            var property = reader.ReadString();
            if (property.SequenceEqual("name"u8))
            {
                var name = reader.ReadString();
                header.Name = Encoding.UTF8.GetString(name);
                header.Quantity = KnownQuantity(name);
            }
            else if (property.SequenceEqual("tags"u8))
            {
                for (var tags = reader.ReadMapHeader(); tags > 0; tags--)
                {
                    var tag = Encoding.UTF8.GetString(reader.ReadString());
                    header.Tag(tag, reader.IsString ? Encoding.UTF8.GetString(reader.ReadString()) : SkipAsEmpty(ref reader));
                }
            }
            else if (property.SequenceEqual("columns"u8))
            {
                for (var columns = reader.ReadArrayHeader(); columns > 0; columns--)
                {
                    header.Column(reader.IsString ? Encoding.UTF8.GetString(reader.ReadString()) : SkipAsEmpty(ref reader));
                }
            }
            else if (property.SequenceEqual("values"u8))
            {
                ReadMsgPackRows(ref reader, RowsOf(header), header);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadMsgPackRows(ref MsgPackReader reader, ReadingChunks rows, SeriesHeader header)
    {
        for (var count = reader.ReadArrayHeader(); count > 0; count--)
        {
            long? time = null;
            double? value = null;
            ReadingStatus? status = null;
            var columns = reader.ReadArrayHeader();
            for (var column = 0; column < columns; column++)
            {
                if (column == header.Time && reader.IsNumber)
                {
                    time = reader.ReadInt64();
                }
                else if (column == header.Value && reader.IsNumber)
                {
                    value = reader.ReadDouble();
                }
                else if (column == header.Status && reader.IsString)
                {
                    status = KnownStatus(reader.ReadString(), header);
                }
                else
                {
                    reader.Skip();
                }
            }

            AddRow(rows, header, time, value, status);
        }
    }

    private static string SkipAsEmpty(ref MsgPackReader reader)
    {
        reader.Skip();
        return string.Empty;
    }
}

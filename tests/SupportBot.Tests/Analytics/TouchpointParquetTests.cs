using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Parquet;
using Parquet.Schema;
using SupportBot.Analytics;
using SupportBot.Analytics.Demo;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Analytics;

/// The Parquet export read back with Parquet.Net's reader, on whichever engine the suite runs on.
public sealed class TouchpointParquetTests : IClassFixture<AnalyticsApiTests.Host>
{
    private readonly AnalyticsHost _host;

    public TouchpointParquetTests(AnalyticsApiTests.Host host)
    {
        _host = host.Analytics;
    }

    [Fact]
    public async Task The_parquet_export_holds_the_ranges_touchpoints_with_typed_columns_in_time_order()
    {
        var response = await _host.GetAsync($"/api/analytics/export.parquet?{KnownJourneys.March}&channel=msteams");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TouchpointParquet.ContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("touchpoints-20260301-20260401.parquet", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        await using var reader = await ParquetReader.CreateAsync(file);

        var fields = reader.Schema.GetDataFields();
        Assert.Equal(
            ["id", "occurred_at", "conversation_id", "channel", "customer_id", "kind", "text", "cited_article_ids", "confidence", "latency_ms",
                "reason", "agent_id", "duration_ms", "prompt_tokens", "completion_tokens"],
            fields.Select(f => f.Name));
        Assert.Equal(typeof(long), fields[0].ClrType);
        Assert.IsType<DateTimeDataField>(fields[1]);
        // Parquet.Net 6 reads UTF-8 strings as character memory.
        Assert.Equal(typeof(ReadOnlyMemory<char>), fields[2].ClrType);
        Assert.Equal(typeof(double), fields[8].ClrType);
        Assert.True(fields[8].IsNullable);
        Assert.Equal(typeof(int), fields[13].ClrType);

        Assert.Equal(1, reader.RowGroupCount);
        using var group = reader.OpenRowGroupReader(0);
        var rows = (int)group.RowCount;
        var conversations = await StringsAsync(group, fields[2], rows);
        var channels = await StringsAsync(group, fields[3], rows);
        var kinds = await StringsAsync(group, fields[5], rows);
        var at = new DateTime[rows];
        await group.ReadAsync<DateTime>(fields[1], at);
        var durations = new double?[rows];
        await group.ReadAsync<double>(fields[12], durations);
        var agents = await StringsAsync(group, fields[11], rows);

        // The CSV export of the same filter, row for row: c5 and c7 are March's Teams conversations.
        var csv = (await (await _host.GetAsync($"/api/analytics/export.csv?{KnownJourneys.March}&channel=msteams")).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(csv.Length - 1, rows);
        Assert.Equal(["c5", "c7"], conversations.Distinct());
        Assert.All(channels, c => Assert.Equal("msteams", c));
        Assert.Equal(at.Order(), at);
        Assert.All(at, a => Assert.InRange(a, new DateTime(2026, 3, 1), new DateTime(2026, 4, 1)));
        var claimed = Array.IndexOf(kinds, "claimed");
        Assert.Equal("dewi", agents[claimed]);
        Assert.Equal(120000, durations[claimed]);
        // Empty values are nulls, not empty strings.
        Assert.Contains(agents, a => a is null);
    }

    [Fact]
    public async Task The_parquet_export_is_for_supervisors_and_refuses_a_bad_range_with_a_problem()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.GetAsync($"/api/analytics/export.parquet?{KnownJourneys.March}", AnalyticsHost.AgentKey)).StatusCode);
        var bad = await _host.GetAsync("/api/analytics/export.parquet?from=2026-04-01&to=2026-03-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_large_range_is_written_in_row_groups_as_it_is_read()
    {
        // Demo journeys of the last month: more touchpoints than one row group holds.
        using var host = new AnalyticsHost();
        await host.Factory.Services.GetRequiredService<DemoSeeder>().SeedAsync(2000, 30, seed: 3);
        // Whole days, as the filter reads them: from the first day's start to the end of the last.
        var from = new DateTimeOffset(host.Factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-31), TimeSpan.Zero);
        var to = from.AddDays(33);
        long expected;
        await using (var connection = await host.Factory.Services.GetRequiredService<Database>().OpenAsync())
        {
            expected = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM touchpoints WHERE occurred_at >= @From AND occurred_at < @To",
                new { From = TouchpointStore.Timestamp(from), To = TouchpointStore.Timestamp(to) });
        }
        Assert.True(expected > TouchpointParquet.RowsPerGroup, $"{expected} touchpoints");

        var response = await host.GetAsync($"/api/analytics/export.parquet?from={from:yyyy-MM-dd}&to={to.AddDays(-1):yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        await using var reader = await ParquetReader.CreateAsync(file);

        var sizes = new List<long>();
        var ids = new List<long>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            sizes.Add(group.RowCount);
            var column = new long[group.RowCount];
            await group.ReadAsync<long>(reader.Schema.GetDataFields()[0], column);
            ids.AddRange(column);
        }
        Assert.Equal(expected, sizes.Sum());
        Assert.All(sizes.SkipLast(1), s => Assert.Equal(TouchpointParquet.RowsPerGroup, s));
        Assert.InRange(sizes[^1], 1, TouchpointParquet.RowsPerGroup);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Each_row_group_reaches_the_output_before_the_next_rows_are_read()
    {
        // Writing to a stream that cannot seek, as a response body: when the source is asked for row 2,001 (of a group
        // of 1,000), the first two groups must already be out.
        var output = new RecordingStream();
        var writtenWhenAsked = new Dictionary<int, long>();

        await TouchpointParquet.WriteAsync(Rows(5_000, writtenWhenAsked, output), output, CancellationToken.None, rowsPerGroup: 1_000);

        Assert.Equal(4, writtenWhenAsked[0]); // "PAR1", the file's magic number
        Assert.True(writtenWhenAsked[2_000] > 0, "nothing was written after two full row groups");
        Assert.True(writtenWhenAsked[4_000] > writtenWhenAsked[2_000]);
        Assert.True(output.Written > writtenWhenAsked[4_000]);
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(output.ToArray()));
        Assert.Equal(5, reader.RowGroupCount);
    }

    private static async IAsyncEnumerable<Touchpoint> Rows(int count, Dictionary<int, long> writtenWhenAsked, RecordingStream output)
    {
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var n = 0; n < count; n++)
        {
            if (n % 2_000 == 0)
            {
                writtenWhenAsked[n] = output.Written;
            }
            await Task.Yield();
            yield return new Touchpoint
            {
                Id = n + 1,
                OccurredAt = start.AddSeconds(n),
                ConversationId = $"c{n / 10}",
                Channel = "directline",
                CustomerId = $"u{n / 10}",
                Kind = TouchpointKind.CustomerMessage,
                Text = $"question {n}",
            };
        }
    }

    private static async Task<string?[]> StringsAsync(ParquetRowGroupReader group, DataField field, int rows)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory()!);
        return values;
    }

    /// A response body's shape: write only, no position, no seeking; keeps what was written to read back.
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _bytes = new();

        public long Written => _bytes.Length;

        public byte[] ToArray() => _bytes.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous writes are not allowed.");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _bytes.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _bytes.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

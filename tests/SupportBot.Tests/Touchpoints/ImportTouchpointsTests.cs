using SupportBot.Cli;
using SupportBot.Tests.Customers;

namespace SupportBot.Tests.Touchpoints;

/// import-touchpoints reads a CSV export (a header row with the API's fields) under the API's rules: bad rows are
/// reported by line and skipped, good rows kept, and importing the file again stores nothing twice.
public sealed class ImportTouchpointsTests(CustomerHost host) : IClassFixture<CustomerHost>, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"touchpoints-{Guid.NewGuid():N}.csv");

    private async Task<(int Exit, string Output, string Errors)> ImportAsync()
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await ImportTouchpointsCommand.RunAsync(host.Factory.Services, _file, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Good_rows_are_kept_bad_rows_reported_by_line_and_a_rerun_stores_nothing_twice()
    {
        var crm = $"C-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(_file, $"""
            customerId,identities,kind,occurredAt,source,summary,amount,currency,attributes.orderId
            crm:{crm},email:{crm}@example.com,purchase,2026-03-01T10:00:00Z,shop,Starter kit,49.90,EUR,A-1
            crm:{crm},,teleport,2026-03-01T11:00:00Z,shop,,,,
            crm:{crm},,ticket,2026-03-02T09:00:00Z,helpdesk,"Hub offline,
            since the update",,,
            crm:{crm},,order,2026-03-03T09:00:00Z,shop,Bulbs,lots,EUR,A-2
            email:{crm}@example.com,,call,2026-03-04T09:00:00+07:00,phone,Called about the hub,,,
            cus_nobody,,call,2026-03-04T09:00:00Z,phone,,,,
            """);

        var (exit, output, errors) = await ImportAsync();

        Assert.Equal(1, exit);
        Assert.Contains("3 stored, 0 already stored, 3 bad row(s)", output, StringComparison.Ordinal);
        Assert.Contains("line 3: kind:", errors, StringComparison.Ordinal);
        Assert.Contains("line 6: amount:", errors, StringComparison.Ordinal);
        Assert.Contains("line 8: customerId: no customer 'cus_nobody'", errors, StringComparison.Ordinal);
        Assert.Contains("Importing", errors, StringComparison.Ordinal);
        var customer = await host.Get<SupportBot.Customers.CustomerStore>().FindAsync($"crm:{crm}", allowIdentity: true);
        Assert.Equal(3, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer", new { customer }));
        Assert.Equal(1, await host.CountAsync(
            "SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer AND kind = 'ticket' AND text = @text",
            new { customer, text = "Hub offline,\nsince the update" }));
        Assert.Equal(1, await host.CountAsync(
            "SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer AND amount = 49.9 AND attributes = '{\"orderId\":\"A-1\"}'", new { customer }));

        var rerun = await ImportAsync();
        Assert.Contains("0 stored, 3 already stored, 3 bad row(s)", rerun.Output, StringComparison.Ordinal);
        Assert.Equal(3, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer", new { customer }));
    }

    [Fact]
    public async Task A_header_with_unknown_columns_or_a_missing_file_stops_before_anything_is_stored()
    {
        await File.WriteAllTextAsync(_file, "customerId,kind,occurredAt,source,colour\ncrm:C-9,call,2026-03-01T10:00:00Z,phone,red\n");
        var (exit, _, errors) = await ImportAsync();
        Assert.Equal(2, exit);
        Assert.Contains("unknown column(s) colour", errors, StringComparison.Ordinal);
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM customer_identities WHERE value = 'C-9'"));

        File.Delete(_file);
        Assert.Equal(2, (await ImportAsync()).Exit);
    }

    public void Dispose() => File.Delete(_file);
}

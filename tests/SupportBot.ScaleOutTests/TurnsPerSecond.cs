using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using SupportBot.Tests.Redis;

namespace SupportBot.ScaleOutTests;

/// `dotnet run -c Release --project tests/SupportBot.ScaleOutTests -- turns`: turns per second through one, two
/// and three instances (separate processes on one PostgreSQL and one Redis), driven on loopback by Web Chat
/// customers whose posts and streams land on different instances. Needs SUPPORTBOT_TEST_POSTGRES.
internal static class TurnsPerSecond
{
    private const int Customers = 24;
    private const int QuestionsEach = 8;

    private static readonly string[] Questions =
    [
        "How do I reset my password?",
        "How long does a refund take?",
        "Where is my order?",
        "Can I change my delivery address?",
    ];

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["turns"])
        {
            await Console.Error.WriteLineAsync("usage: dotnet run -c Release --project tests/SupportBot.ScaleOutTests -- turns");
            return 2;
        }
        var postgres = Environment.GetEnvironmentVariable("SUPPORTBOT_TEST_POSTGRES");
        if (string.IsNullOrEmpty(postgres))
        {
            await Console.Error.WriteLineAsync("Set SUPPORTBOT_TEST_POSTGRES (source tests/services.sh && start_postgres).");
            return 2;
        }
        Console.WriteLine($"{Customers} customers x {QuestionsEach} questions, {Environment.ProcessorCount} cores, driver on the same machine");
        Console.WriteLine("instances  turns  seconds  turns/s");
        foreach (var count in new[] { 1, 2, 3 })
        {
            var (turns, elapsed) = await MeasureAsync(count, postgres);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count,9}  {turns,5}  {elapsed.TotalSeconds,7:0.0}  {turns / elapsed.TotalSeconds,7:0.0}"));
        }
        return 0;
    }

    private static async Task<(int Turns, TimeSpan Elapsed)> MeasureAsync(int count, string postgres)
    {
        var schema = $"scaleturns_{Guid.NewGuid():N}"[..22];
        using var redis = new RedisServer();
        var instances = await HostProcess.StartSeveralAsync(count, $"{postgres};Search Path={schema}", redis.ConnectionString, new Dictionary<string, string>());
        try
        {
            var customers = new List<WebChatCustomer>();
            for (var i = 0; i < Customers; i++)
            {
                var customer = new WebChatCustomer();
                await customer.StartAsync(instances[i % count]);
                await customer.ConnectAsync(instances[(i + 1) % count]);
                customers.Add(customer);
            }
            // One question each to warm up every instance, then the measured ones.
            await Task.WhenAll(customers.Select((customer, i) => AskAsync(customer, instances, i, 1)));
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(customers.Select((customer, i) => AskAsync(customer, instances, i, QuestionsEach)));
            clock.Stop();
            customers.ForEach(customer => customer.Dispose());
            return (Customers * QuestionsEach, clock.Elapsed);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
            await using var connection = new NpgsqlConnection(postgres);
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }

    // Each question goes to the next instance; the answer is awaited on the customer's stream.
    private static async Task AskAsync(WebChatCustomer customer, IReadOnlyList<HostProcess> instances, int index, int questions)
    {
        for (var q = 0; q < questions; q++)
        {
            var id = await customer.SayAsync(instances[(index + q) % instances.Count], Questions[(index + q) % Questions.Length]);
            await customer.ReceiveUntilAsync(a => a.TryGetProperty("replyToId", out var replyTo) && replyTo.GetString() == id);
        }
    }
}

using System.CommandLine;
using System.Text.Json;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Evaluation;
using SupportBot.Hosting;
using SupportBot.Knowledge;
using SupportBot.Llm;
using SupportBot.Replies;
using SupportBot.Settings;
using SupportBot.Storage;
using SupportBot.Touchpoints;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace SupportBot.Cli;

/// eval --knowledge dir --questions file.jsonl --output report.json [--sweep]: asks every question in a fresh conversation
/// seeded with its earlier turns, through the same turn handler as a live chat, and scores the decisions.
internal static class EvalCommand
{
    /// What one eval run was asked to do.
    internal sealed record EvalRun(string Knowledge, string Questions, string Output, int? Limit, bool Sweep, string? Topics = null);

    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true };

    public static Command Create(string[] hostArgs)
    {
        var knowledge = new Option<string>("--knowledge") { Description = "The knowledge base's folder.", Required = true };
        var questions = new Option<string>("--questions") { Description = "The questions, one JSON object per line.", Required = true };
        var output = new Option<string>("--output") { Description = "Where to write the scored report (JSON).", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Ask only the first N questions." };
        var sweep = new Option<bool>("--sweep") { Description = "Also score every confidence threshold from 0 to 1 and print the curve." };
        var topics = new Option<string?>("--topics") { Description = "Handoff topics (JSON lines) to use; default: handoff-topics.jsonl in the knowledge folder, if there." };
        var command = new Command("eval", "Ask each question through the live turn handler and score answers and escalations.")
        {
            knowledge, questions, output, limit, sweep, topics,
        };
        command.SetAction(async parse =>
        {
            var run = new EvalRun(parse.GetValue(knowledge)!, parse.GetValue(questions)!, parse.GetValue(output)!, parse.GetValue(limit), parse.GetValue(sweep), parse.GetValue(topics));
            return await RunInScratchStoreAsync(hostArgs, run);
        });
        return command;
    }

    /// Evaluation runs in a throw-away store so it never mixes with the real conversations.
    private static async Task<int> RunInScratchStoreAsync(string[] hostArgs, EvalRun run)
    {
        var configured = SupportBotHost.CreateBuilder(hostArgs).Configuration;
        var scratch = new ScratchStore(configured.ReadSettings<StorageOptions>(StorageOptions.Section));
        try
        {
            return await CommandHost.RunAsync(hostArgs, services => RunAsync(services, run), new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = scratch.ConnectionString,
                ["Knowledge:IngestOnStart"] = "false",
                // The topics of the knowledge base under evaluation, never those of the configured one.
                ["Answering:HandoffTopics"] = run.Topics is { } topics
                    ? Path.GetFullPath(topics)
                    : Path.Combine(ContentPaths.Resolve(run.Knowledge, Directory.GetCurrentDirectory()), "handoff-topics.jsonl"),
                ["Answering:Glossary"] = Path.Combine(ContentPaths.Resolve(run.Knowledge, Directory.GetCurrentDirectory()), "glossary.tsv"),
            });
        }
        finally
        {
            await scratch.RemoveAsync();
        }
    }

    public static async Task<int> RunAsync(IServiceProvider services, EvalRun run)
    {
        var cwd = Directory.GetCurrentDirectory();
        var knowledge = ContentPaths.Resolve(run.Knowledge, cwd);
        var questionsPath = ContentPaths.Resolve(run.Questions, cwd);
        var output = Path.GetFullPath(run.Output, cwd);
        if (!Directory.Exists(knowledge) || !File.Exists(questionsPath))
        {
            await Console.Error.WriteLineAsync($"error: '{knowledge}' must be a folder and '{questionsPath}' a file.");
            return 2;
        }
        var questions = await ReadQuestionsAsync(questionsPath);
        if (run.Limit is { } limit)
        {
            questions = [.. questions.Take(limit)];
        }

        var watch = Stopwatch.StartNew();
        await IngestCommand.MigrateAndIngestAsync(services, knowledge);

        var handler = services.GetRequiredService<TurnHandler>();
        var touchpoints = services.GetRequiredService<TouchpointStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var pairs = await ConsoleProgress.RunAsync("Evaluating", async bar =>
        {
            var pairs = new List<(EvalQuestion, EvalResult)>(questions.Count);
            for (var i = 0; i < questions.Count; i++)
            {
                var answer = await AskAsync(questions[i], handler, touchpoints, time);
                pairs.Add((questions[i], ToResult(questions[i], answer)));
                bar.Report((i + 1, questions.Count));
            }
            return pairs;
        });

        // Hybrid only when the knowledge base did get vectors: an embedding endpoint that failed leaves keywords alone.
        var hybrid = services.GetRequiredService<KnowledgeIndex>().VectorCount > 0;
        var mode = (services.GetRequiredService<LanguageModel>().IsEnabled, hybrid) switch
        {
            (true, true) => "llm-hybrid",
            (true, false) => "llm",
            _ => "extractive",
        };
        var summary = EvalScoring.Summarise(pairs, mode, watch.Elapsed.TotalSeconds);
        var report = new EvalReport(summary, [.. pairs.Select(p => p.Item2)])
        {
            Curve = run.Sweep ? EvalScoring.Sweep(pairs, Enumerable.Range(0, 21).Select(i => i * 0.05)) : null,
            Breakdown = EvalBreakdown.Of(pairs),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, ReportJson));
        Console.WriteLine(JsonSerializer.Serialize(summary, ReportJson));
        report.Breakdown!.Print(Console.Out);
        if (report.Curve is { } curve)
        {
            PrintCurve(curve);
        }
        Console.WriteLine($"Report written to {output}");
        return 0;
    }

    private static async Task<AnswerResult> AskAsync(EvalQuestion question, TurnHandler handler, TouchpointStore touchpoints, TimeProvider time)
    {
        var conversationId = "eval-" + question.Id;
        const string customer = "eval-customer";
        foreach (var turn in question.Context ?? [])
        {
            await touchpoints.AppendAsync(new Touchpoint
            {
                OccurredAt = time.GetUtcNow(),
                ConversationId = conversationId,
                Channel = "eval",
                CustomerId = customer,
                Kind = turn.Speaker == "U" ? TouchpointKind.CustomerMessage : TouchpointKind.AgentReply,
                Text = turn.Text,
            });
        }
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = "eval",
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = customer, Role = "user" },
            Recipient = new ChannelAccount { Id = "supportbot", Role = "bot" },
            Text = question.Question,
        };
        return await handler.HandleAsync(new InboundTurn(activity, DiscardingSender.Instance, time.GetUtcNow()), CancellationToken.None)
            ?? throw new InvalidOperationException("A message turn always produces an answer.");
    }

    private static EvalResult ToResult(EvalQuestion question, AnswerResult answer) => new(
        question.Id,
        answer.Decision == AnswerDecision.Escalate ? "escalate" : "answer",
        answer.EscalationReason,
        [.. answer.Citations.Select(c => c.ArticleId)],
        answer.RetrievedArticleIds,
        Math.Round(answer.Confidence, 4),
        answer.Text,
        answer.ClosestArticle?.ArticleId);

    private static void PrintCurve(IReadOnlyList<ThresholdPoint> curve)
    {
        Console.WriteLine("min_confidence  answer_acc  esc_precision  esc_recall  esc_f1  end_to_end");
        foreach (var point in curve)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"{point.MinConfidence,14:0.00}  {point.AnswerAccuracy,10:0.000}  {point.EscalationPrecision,13:0.000}  {point.EscalationRecall,10:0.000}  {point.EscalationF1,6:0.000}  {point.EndToEndAccuracy,10:0.000}"));
        }
    }

    private static async Task<List<EvalQuestion>> ReadQuestionsAsync(string path)
    {
        var questions = new List<EvalQuestion>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            questions.Add(JsonSerializer.Deserialize<EvalQuestion>(line)
                ?? throw new InvalidDataException($"{path}:{lineNumber}: not a question object."));
        }
        return questions;
    }

    private sealed class DiscardingSender : IActivitySender
    {
        public static readonly DiscardingSender Instance = new();

        public Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}

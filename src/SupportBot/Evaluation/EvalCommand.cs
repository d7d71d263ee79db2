using System.Text.Json;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Cli;
using SupportBot.Conversations;
using SupportBot.Hosting;
using SupportBot.Knowledge;
using SupportBot.Llm;
using SupportBot.Touchpoints;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace SupportBot.Evaluation;

/// eval --knowledge dir --questions file.jsonl --output report.json [--sweep]: asks every question in a fresh conversation
/// seeded with its earlier turns, through the same turn handler as a live chat, and scores the decisions.
internal static class EvalCommand
{
    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true };

    public static string? Validate(CommandLine command)
    {
        foreach (var option in new[] { "--knowledge", "--questions", "--output" })
        {
            if (command.Option(option) is null)
            {
                return $"eval needs {option}. Usage: eval --knowledge <dir> --questions <file.jsonl> --output <report.json>";
            }
        }
        return null;
    }

    public static async Task<int> RunAsync(IServiceProvider services, CommandLine command)
    {
        var cwd = Directory.GetCurrentDirectory();
        var knowledge = ContentPaths.Resolve(command.Option("--knowledge")!, cwd);
        var questionsPath = ContentPaths.Resolve(command.Option("--questions")!, cwd);
        var output = Path.GetFullPath(command.Option("--output")!, cwd);
        if (!Directory.Exists(knowledge) || !File.Exists(questionsPath))
        {
            await Console.Error.WriteLineAsync($"error: '{knowledge}' must be a folder and '{questionsPath}' a file.");
            return 2;
        }
        var questions = await ReadQuestionsAsync(questionsPath);
        if (int.TryParse(command.Option("--limit"), out var limit))
        {
            questions = [.. questions.Take(limit)];
        }

        var watch = Stopwatch.StartNew();
        await IngestCommand.MigrateAndIngestAsync(services, knowledge);

        var handler = services.GetRequiredService<TurnHandler>();
        var touchpoints = services.GetRequiredService<TouchpointStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var bar = new ProgressBar("Evaluating");
        var pairs = new List<(EvalQuestion, EvalResult)>(questions.Count);
        for (var i = 0; i < questions.Count; i++)
        {
            var answer = await AskAsync(questions[i], handler, touchpoints, time);
            pairs.Add((questions[i], ToResult(questions[i], answer)));
            bar.Report((i + 1, questions.Count));
        }

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
            Curve = command.Flag("--sweep") ? EvalScoring.Sweep(pairs, Enumerable.Range(0, 21).Select(i => i * 0.05)) : null,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, ReportJson));
        Console.WriteLine(JsonSerializer.Serialize(summary, ReportJson));
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

using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SupportBot.Telemetry;

internal static class TelemetryServices
{
    public const string AppInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// Traces and metrics of ASP.NET Core, HttpClient (the LLM, the connector) and the bot's turns. They go to an
    /// OTLP collector when OpenTelemetry:Endpoint (or the standard OTEL_EXPORTER_OTLP_ENDPOINT) is set, and to the
    /// console when OpenTelemetry:Console is true, and to Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING
    /// is set (the name Azure's own tooling uses; the Bicep deployment sets it); with none, nothing is exported.
    /// What to record is configured always, but the tracer and meter providers are only started when something
    /// exports: without an exporter every request and outbound call would still build a span and its tags, and
    /// aggregate its metrics, only to drop them (a few percent of a small-talk turn's processor time). A host that
    /// adds an exporter of its own (tests: an in-memory one) starts them with WithTracing / WithMetrics.
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TurnTelemetry>();

        var endpoint = configuration["OpenTelemetry:Endpoint"];
        var otlp = !string.IsNullOrEmpty(endpoint) || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var console = configuration.GetValue<bool>("OpenTelemetry:Console");
        var appInsights = configuration[AppInsightsSetting];
        var azureMonitor = !string.IsNullOrEmpty(appInsights);
        services.ConfigureOpenTelemetryTracerProvider(tracing =>
        {
            tracing.AddSource(TurnTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
            if (otlp)
            {
                // Without an endpoint of its own the exporter reads the OTEL_EXPORTER_OTLP_* variables.
                tracing.AddOtlpExporter(options => options.Endpoint = string.IsNullOrEmpty(endpoint) ? options.Endpoint : new Uri(endpoint));
            }
            if (console)
            {
                tracing.AddConsoleExporter();
            }
            if (azureMonitor)
            {
                // No offline storage: a host that cannot reach Application Insights drops telemetry rather than filling
                // the App Service's disk with it.
                tracing.AddAzureMonitorTraceExporter(options => (options.ConnectionString, options.DisableOfflineStorage) = (appInsights, true));
            }
        });
        services.ConfigureOpenTelemetryMeterProvider(metrics =>
        {
            metrics.AddMeter(TurnTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
            if (otlp)
            {
                metrics.AddOtlpExporter(options => options.Endpoint = string.IsNullOrEmpty(endpoint) ? options.Endpoint : new Uri(endpoint));
            }
            if (console)
            {
                metrics.AddConsoleExporter();
            }
            if (azureMonitor)
            {
                metrics.AddAzureMonitorMetricExporter(options => (options.ConnectionString, options.DisableOfflineStorage) = (appInsights, true));
            }
        });
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OpenTelemetry:ServiceName"] ?? "supportbot"));
        if (otlp || console || azureMonitor)
        {
            telemetry.WithTracing().WithMetrics();
        }
        return services;
    }
}

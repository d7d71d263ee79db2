# SupportBot in a container: the SDK image builds and publishes, the ASP.NET runtime image runs it as a non-root user.
#   docker build -t supportbot .
#   docker run -p 8080:8080 -e Web__PublicBaseUrl=https://support.example.com supportbot
# Settings are environment variables (Storage__Provider=postgres, ...), as in README "Configuration".
# tests/docker-publish.sh runs this file's publish step and health check on the test machine (no Docker there).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The build fetches Microsoft's Web Chat, SignalR's client and Chart.js from npm (src/SupportBot/*.targets).
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/SupportBot/SupportBot.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# data/ holds the SQLite store and the generated Direct Line key when those are not configured elsewhere; the app
# user (the image's own non-root account) must be able to write it.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
USER $APP_UID
# appsettings.json listens on localhost:5000, unreachable from outside a container; Urls wins over it.
ENV ASPNETCORE_ENVIRONMENT=Production \
    Urls=http://+:8080
EXPOSE 8080
# The runtime image has no curl or wget; bash's /dev/tcp asks /healthz without adding one.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "SupportBot.dll"]
CMD ["serve"]

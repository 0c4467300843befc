using NextGpt.Realtime.Cli;

return NextGptCommandLine.Build().Parse(args).Invoke();

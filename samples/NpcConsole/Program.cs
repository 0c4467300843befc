using NpcConsole;

Console.OutputEncoding = System.Text.Encoding.UTF8;
return await NpcConsoleApp.RunAsync(args, Console.In, Console.Out);

using XrSceneGen;

return await XrSceneGenApp.RunAsync(args, Console.Out);

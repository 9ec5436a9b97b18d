using AgentPlatform.Dashboard;

DashboardApplication.Build(args).Run();

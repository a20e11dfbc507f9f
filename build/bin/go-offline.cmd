@echo off
rem go-offline: the command-line twin of Go Offline Installer, run by the packaged app as Node
rem (ELECTRON_RUN_AS_NODE=1) on the CLI bundle outside app.asar. Lives in <install dir>\resources\bin;
rem add that folder to PATH to type go-offline anywhere. A batch file waits for the program, so
rem the prompt returns when the command ends, and the exit status is passed on.
setlocal
set "ELECTRON_RUN_AS_NODE=1"
"%~dp0..\..\Go Offline Installer.exe" "%~dp0..\app.asar.unpacked\dist\cli\go-offline.cjs" %*
exit /b %ERRORLEVEL%

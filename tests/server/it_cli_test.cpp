// Integration: the agents commands of the CLI, against a data dir the server then uses.
#include "it_helpers.hpp"

using namespace testing;

TEST_CASE("cli: agents add, list, reset-password, remove; the server honours them") {
    TempDir dir;
    const std::string data = dir.path().string();
    auto added =
        run_command({"agents", "add", "--data", data, "--username", "dora", "--name", "Dora Lang"}, "secret-pass\n");
    CHECK(added.exit_code == 0);
    CHECK(run_command({"agents", "add", "--data", data, "--username", "dora", "--name", "X", "--password", "another1"})
              .exit_code == 1);
    CHECK(run_command({"agents", "add", "--data", data, "--username", "eve", "--name", "Eve", "--password", "short"})
              .exit_code == 2);
    CHECK(run_command({"agents", "add", "--data", data, "--username", "eve", "--name", "Eve"}, "").exit_code == 2);
    auto list = run_command({"agents", "list", "--data", data});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("dora\tDora Lang") != std::string::npos);
    CHECK(run_command({"serve"}).exit_code == 2);  // --data missing
    CHECK(run_command({"serve", "--data", data, "--port", "99999"}).exit_code == 2);
    CHECK(run_command({"serve", "--data", data, "--set", "nope=1"}).exit_code == 2);
    CHECK(run_command({"bogus"}).exit_code == 2);

    {
        ServerProcess server(dir.path());
        REQUIRE(server.port() != 0);
        auto ws = WsClient::connect(server.port());
        ws->send({{"type", "agent.login"},
                  {"rid", "l"},
                  {"protocol", 1},
                  {"username", "dora"},
                  {"password", "secret-pass"}});
        auto welcome = ws->read_until([](const Json& f) { return f.value("rid", "") == "l"; }, 15000ms);
        REQUIRE(welcome);
        CHECK((*welcome)["agent"]["displayName"] == "Dora Lang");
    }
    CHECK(run_command({"agents", "reset-password", "--data", data, "--username", "dora", "--password", "new-secret"})
              .exit_code == 0);
    CHECK(run_command({"agents", "reset-password", "--data", data, "--username", "nobody", "--password", "new-secret"})
              .exit_code == 1);
    {
        ServerProcess server(dir.path());
        REQUIRE(server.port() != 0);
        auto ws = WsClient::connect(server.port());
        ws->send({{"type", "agent.login"},
                  {"rid", "old"},
                  {"protocol", 1},
                  {"username", "dora"},
                  {"password", "secret-pass"}});
        CHECK(error_for(*ws, "old")["code"] == "unauthorized");
        ws->send({{"type", "agent.login"},
                  {"rid", "new"},
                  {"protocol", 1},
                  {"username", "dora"},
                  {"password", "new-secret"}});
        CHECK(ws->read_until([](const Json& f) { return f.value("rid", "") == "new"; }, 15000ms)->at("type") ==
              "agent.welcome");
    }
    CHECK(run_command({"agents", "remove", "--data", data, "--username", "dora"}).exit_code == 0);
    CHECK(run_command({"agents", "remove", "--data", data, "--username", "dora"}).exit_code == 1);
    CHECK(run_command({"agents", "list", "--data", data}).out.empty());
}

TEST_CASE("cli: agents add --role supervisor makes a supervisor; other roles are refused") {
    TempDir dir;
    const std::string data = dir.path().string();
    CHECK(run_command({"agents", "add", "--data", data, "--username", "sue", "--name", "Sue Boss", "--password",
                       "secret-pass", "--role", "supervisor"})
              .exit_code == 0);
    CHECK(run_command({"agents", "add", "--data", data, "--username", "bob", "--name", "Bob", "--password",
                       "secret-pass", "--role", "boss"})
              .exit_code == 2);
    CHECK(run_command({"agents", "reset-password", "--data", data, "--username", "sue", "--password", "secret-pass2",
                       "--role", "agent"})
              .exit_code == 2);
    CHECK(
        run_command({"agents", "add", "--data", data, "--username", "al", "--name", "Al", "--password", "secret-pass"})
            .exit_code == 0);
    auto list = run_command({"agents", "list", "--data", data});
    CHECK(list.out.find("sue\tSue Boss\tsupervisor") != std::string::npos);
    CHECK(list.out.find("al\tAl\tagent") != std::string::npos);
    CHECK(list.out.find("bob") == std::string::npos);
    ServerProcess server(dir.path());
    REQUIRE(server.port() != 0);
    auto ws = WsClient::connect(server.port());
    ws->send(
        {{"type", "agent.login"}, {"rid", "l"}, {"protocol", 1}, {"username", "sue"}, {"password", "secret-pass"}});
    auto welcome = ws->read_until([](const Json& f) { return f.value("rid", "") == "l"; }, 15000ms);
    REQUIRE(welcome);
    CHECK((*welcome)["agent"]["role"] == "supervisor");
}

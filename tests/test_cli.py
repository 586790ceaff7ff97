"""The CLI never shows a traceback: a taken port or an internal error gets a sentence."""
import socket

from generator import cli


def test_serve_on_a_taken_port_says_so(tmp_path, capsys, monkeypatch):
    import generator.serve as serve_module

    def fake_serve(root, out, host, port):
        with socket.socket() as a:
            a.bind((host, 0))
            a.listen()
            with socket.socket() as b:
                b.bind((host, a.getsockname()[1]))  # raises OSError: address in use

    monkeypatch.setattr(serve_module, "serve", fake_serve)
    code = cli.main(["--root", str(tmp_path), "serve"])
    err = capsys.readouterr().err
    assert code == 1
    assert "无法完成" in err and "--port" in err
    assert "Traceback" not in err


def test_internal_error_is_reported_without_traceback(tmp_path, capsys, monkeypatch):
    import generator.site as site_module

    def broken(root, today=None):
        raise KeyError("boom")

    monkeypatch.setattr(site_module, "load_site", broken)
    code = cli.main(["--root", str(tmp_path), "check"])
    err = capsys.readouterr().err
    assert code == 2
    assert "生成器内部出错" in err and "KeyError" in err
    assert "Traceback" not in err

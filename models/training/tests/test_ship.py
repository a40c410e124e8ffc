"""ship.py's run summary: the legs of a resumed run are summed, and up_to stops at a snapshot."""
from scripts import ship


def test_run_summary_sums_resumed_legs_and_stops_at_up_to(tmp_path):
    log = tmp_path / 'log.csv'
    log.write_text('iteration,seconds,total\n100,60,1\n200,120,1\n'  # first leg: 2 min
                   '300,30,1\n400,90,1\n')                         # resumed leg: clock restarts
    assert ship.run_summary(str(log)) == (400, 3.5)
    assert ship.run_summary(str(log), up_to=300) == (300, 2.5)


def test_provenance_walks_the_parent_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(ship, 'REPO_ROOT', str(tmp_path))
    (tmp_path / 'warm.csv').write_text('iteration,seconds,total\n50,120,1\n100,240,1\n')
    (tmp_path / 'stage1.csv').write_text('iteration,seconds,total\n100,60,1\n200,120,1\n300,180,1\n')
    (tmp_path / 'warm.json').write_text('{"seed": 1}')
    (tmp_path / 'stage1.json').write_text(
        '{"seed": 2, "parent": {"run": "warm-up", "config": "warm.json", "log": "warm.csv"}}')
    config = {'seed': 3, 'batch_size': 4, 'crop': 192,
              'parent': {'run': 'stage 1, first 200 iterations', 'config': 'stage1.json', 'log': 'stage1.csv',
                         'up_to': 200}}
    text = ship.provenance('artistic', 500, 6.0, config)
    assert 'warm-up: 100 iterations, 4 min (warm.json); stage 1, first 200 iterations: 200 iterations, 2 min' in text
    assert 'artistic run: 500 iterations, 6 min (models/artistic/config.json)' in text
    assert '12 min in all' in text


def test_a_mode_config_adds_or_drops_the_guided_filter_of_shared_weights():
    trained = {'encoder_channels': [8, 12, 16], 'anti_alias': True}
    refined = {'net': dict(trained, guided_filter={'radius': 8, 'eps': 1e-3})}
    assert ship.shipped_net_config(trained, refined)['guided_filter'] == {'radius': 8, 'eps': 1e-3}
    assert 'guided_filter' not in ship.shipped_net_config(refined['net'], {'net': trained})
    text = ship.provenance('photorealistic', 10, 1.0, dict(refined, seed=1, batch_size=4, crop=192,
                                                             run='artistic stage 3'))
    assert 'artistic stage 3: 10 iterations' in text and 'guided filter' in text and 'radius 8' in text

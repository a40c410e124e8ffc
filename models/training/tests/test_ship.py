"""ship.py's run summary: the legs of a resumed run are summed, and up_to stops at a snapshot."""
import ship


def test_run_summary_sums_resumed_legs_and_stops_at_up_to(tmp_path):
    log = tmp_path / 'log.csv'
    log.write_text('iteration,seconds,total\n100,60,1\n200,120,1\n'  # first leg: 2 min
                   '300,30,1\n400,90,1\n')                         # resumed leg: clock restarts
    assert ship.run_summary(str(log)) == (400, 3.5)
    assert ship.run_summary(str(log), up_to=300) == (300, 2.5)

// reports: issue 15's reports over a long history. The alert history search (bench/support/alert-history.ts);
// the availability report and monthly review are the reports part's, added beside it.
import { benchAlertHistory } from './support/alert-history';
import { measureReferenceMs, referenceFigure } from './support/reference';
import { report } from './support/report';

const alertHistory = await benchAlertHistory();
report('reports', { ...alertHistory, reference: referenceFigure(measureReferenceMs()) });

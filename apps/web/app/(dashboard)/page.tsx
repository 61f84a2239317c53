import { OverviewView } from './_components/overview-view';

export const metadata = { title: 'Overview · ml-connector' };

export default function OverviewPage() {
  return <OverviewView />;
}

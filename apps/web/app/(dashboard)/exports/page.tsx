import { ExportsView } from './_components/exports-view';

export const metadata = { title: 'Exports · ml-connector' };

export default function ExportsPage() {
  return <ExportsView />;
}

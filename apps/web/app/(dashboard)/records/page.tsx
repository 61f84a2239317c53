import { Suspense } from 'react';
import { Loading } from '@/ui/states';
import { RecordsView } from './_components/records-view';

export const metadata = { title: 'Records · ml-connector' };

export default function RecordsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <RecordsView />
    </Suspense>
  );
}

import { Suspense } from 'react';
import { Loading } from '@/ui/states';
import { AdminLogView } from './_components/admin-log-view';

export const metadata = { title: 'Admin log · ml-connector' };

export default function AdminLogPage() {
  return (
    <Suspense fallback={<Loading />}>
      <AdminLogView />
    </Suspense>
  );
}
